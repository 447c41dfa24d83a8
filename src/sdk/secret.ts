import { z } from 'zod';

/** Metadata stored for schemas marked with {@link secret}. */
interface SecretMeta {
  readonly secret: true;
}

/**
 * Registry of secret-marked schemas. zod 4 registries inherit metadata from a schema's `parent`,
 * so refinements made after marking (`secret(z.string()).min(8)`) keep the mark; wrappers made
 * after marking (`.optional()`, `.default()`) are seen through by the walker below.
 */
const secretRegistry = z.registry<SecretMeta>();

/** The text that replaces a secret value in logs, API answers and `config check` output. */
export const REDACTED = '[redacted]';

/**
 * Marks a config field as secret: encrypted at rest, redacted from logs and API answers.
 * Returns the same schema, so it composes with any zod method before or after the call.
 * @example configSchema: z.object({ apiKey: secret(z.string().min(1)) })
 */
export function secret<T extends z.ZodType>(schema: T): T {
  secretRegistry.add(schema, { secret: true });
  return schema;
}

/** True when this exact schema (or the schema it was refined from) was marked with {@link secret}. */
export function isSecretSchema(schema: z.ZodType): boolean {
  return secretRegistry.get(schema)?.secret === true;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: unknown };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrapper types whose secret-ness and object shape are those of an inner schema. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * Follows wrappers down to the schema that carries an object shape, reporting whether any layer on
 * the way was marked secret.
 */
function unwrap(schema: z.ZodType): { core: z.ZodType; secret: boolean } {
  let current = schema;
  let marked = isSecretSchema(current);
  for (let depth = 0; depth < 32; depth += 1) {
    const def = defOf(current);
    let next: z.ZodType | undefined;
    if (WRAPPERS.has(def.type)) next = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out) {
      // Marking either side of a pipe marks the field; the input side carries the shape users write,
      // unless it is a bare transform (which has none).
      marked = marked || isSecretSchema(def.out);
      next = defOf(def.in).type === 'transform' ? def.out : def.in;
    }
    if (!next) break;
    current = next;
    marked = marked || isSecretSchema(current);
  }
  return { core: current, secret: marked };
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  return def.type === 'object' ? (def.shape as Record<string, z.ZodType>) : undefined;
}

function walk(schema: z.ZodType, visit: (path: string[]) => void, path: string[]): void {
  const { core, secret: marked } = unwrap(schema);
  if (marked && path.length > 0) {
    visit(path);
    return;
  }
  const shape = shapeOf(core);
  if (!shape) return;
  for (const [key, child] of Object.entries(shape)) walk(child, visit, [...path, key]);
}

function secretPathLists(schema: z.ZodType): string[][] {
  const paths: string[][] = [];
  walk(schema, (p) => paths.push(p), []);
  return paths;
}

/**
 * Dotted paths of every secret field, found by walking object shapes through optional, nullable,
 * default and pipe wrappers. Example: `['apiKey', 'oauth.clientSecret']`.
 */
export function secretPaths(schema: z.ZodType): string[] {
  return secretPathLists(schema).map((p) => p.join('.'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a deep copy of `value` where every secret field that is present (and not null/undefined)
 * is replaced by `"[redacted]"`. Non-secret fields are copied untouched; the input is not modified.
 */
export function redactSecrets(value: unknown, schema: z.ZodType): unknown {
  const copy: unknown = structuredClone(value);
  for (const path of secretPathLists(schema)) {
    let node: unknown = copy;
    for (let i = 0; i < path.length - 1 && isRecord(node); i += 1) node = node[path[i]];
    const last = path[path.length - 1];
    if (isRecord(node) && node[last] !== undefined && node[last] !== null) node[last] = REDACTED;
  }
  return copy;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value.length > 0) out.push(value);
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, out);
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) collectStrings(item, out);
  }
}

/**
 * The actual secret strings present in `value` (deduplicated, longest first), for log redaction
 * with `redactText`. A secret that is an object contributes every string inside it.
 */
export function collectSecretValues(value: unknown, schema: z.ZodType): string[] {
  const found: string[] = [];
  for (const path of secretPathLists(schema)) {
    let node: unknown = value;
    for (const key of path) node = isRecord(node) ? node[key] : undefined;
    collectStrings(node, found);
  }
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}
