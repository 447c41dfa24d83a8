import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { collectSecretValues } from '../sdk/secret';
import {
  crossCheckConfig,
  type ConnectorCatalogue,
  type ConnectorCatalogueEntry,
} from './config-cross-checks';
import { ConfigValidationError, joinPath, type ConfigIssue } from './config-validation.error';
import { deepFreeze } from './deep-freeze';
import { substituteEnv } from './env-substitution';
import { PoshubConfigSchema, type PoshubConfig } from './poshub-config.schema';

export type { ConnectorCatalogue, ConnectorCatalogueEntry } from './config-cross-checks';

/** Optional knowledge the loader uses for deeper checks. */
export interface LoadPoshubConfigOptions {
  /** Source of `${VAR}` values; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** When given: connector ids, connection configs, streams and entities are checked against it. */
  readonly connectors?: ConnectorCatalogue;
  /** When given: every mapping id named by the file (or implied as a default) must be in it. */
  readonly mappingIds?: ReadonlySet<string>;
}

/** Reads and validates poshub.yaml. Throws ConfigValidationError listing every bad key. */
export function loadPoshubConfig(path: string, options: LoadPoshubConfigOptions = {}): PoshubConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigValidationError(path, [
      { path: basename(path), message: `cannot read file: ${String(err)}` },
    ]);
  }
  return parsePoshubConfig(text, path, options);
}

/**
 * Validates poshub.yaml text: YAML syntax (all errors, with line:col), `${VAR}` substitution, the zod
 * schema and the cross-checks, all collected into one ConfigValidationError. Returns a deeply frozen
 * config whose connection `config` blocks are the substituted YAML values (connectors re-parse them).
 */
export function parsePoshubConfig(
  text: string,
  sourceName: string,
  options: LoadPoshubConfigOptions = {},
): PoshubConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return {
        path: `${sourceName}:${line}:${col}`,
        message: `YAML syntax error: ${withoutSource(error.message)}`,
      };
    });
    throw new ConfigValidationError(sourceName, issues);
  }

  const issues: ConfigIssue[] = [];
  const raw = substituteEnv(withoutExtensions(doc.toJS() ?? {}), options.env ?? process.env, issues);
  const parsed = PoshubConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      issues.push({ path: joinPath(issue.path), message: issue.message });
  }
  issues.push(...crossCheckConfig({ raw, ...options, scrub: scrubSecrets(raw) }));
  if (issues.length > 0 || !parsed.success) {
    throw new ConfigValidationError(sourceName, dedupe(issues).map(locate(doc, lineCounter)));
  }
  return deepFreeze(parsed.data);
}

/** Top-level `x-*` keys hold YAML anchors to merge elsewhere (`<<: *common`), as in compose files. */
function withoutExtensions(tree: unknown): unknown {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return tree;
  return Object.fromEntries(Object.entries(tree).filter(([key]) => !key.startsWith('x-')));
}

/** Replaces the connection's secret values in a message; connector refinements may echo input. */
function scrubSecrets(raw: unknown) {
  return (connectionId: string, entry: ConnectorCatalogueEntry, message: string): string => {
    const connections = (raw as { connections?: Record<string, { config?: unknown }> }).connections;
    let secrets: string[] = [];
    try {
      secrets = collectSecretValues(connections?.[connectionId]?.config, entry.configSchema);
    } catch {
      // An invalid config may not have the shape the secret walker expects; nothing to scrub then.
    }
    return secrets
      .filter((secret) => secret.length > 0)
      .reduce((out, secret) => out.split(secret).join('[redacted]'), message);
  };
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Appends "(line N)" of the nearest existing node so operators find the key in long files. */
function locate(doc: Document, lineCounter: LineCounter) {
  return (issue: ConfigIssue): ConfigIssue => {
    const segments = issue.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    for (let depth = segments.length; depth > 0; depth--) {
      const node = doc.getIn(segments.slice(0, depth), true) as
        { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        return { ...issue, message: `${issue.message} (line ${lineCounter.linePos(node.range[0]).line})` };
      }
    }
    return issue;
  };
}

/**
 * Some YAML messages quote the offending source text, which may be an inline secret; the position
 * already tells the operator where to look, so the quoted text is dropped.
 */
export function withoutSource(message: string): string {
  return message
    .split('\n')[0]
    .replace(/: ".*"$/, '')
    .replace(/^(Not a YAML token|Block scalar header includes extra characters): .*$/, '$1');
}
