import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import jsonata from 'jsonata';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { MappingFileSchema } from './mapping-file.schema';
import {
  asJsonataError,
  errorIndex,
  expressionPositionMapper,
  type PositionMapper,
} from './jsonata-position';

/** A mapping file compiled and ready to evaluate. */
export interface CompiledMapping {
  readonly id: string;
  /** Path of the YAML file, relative to the mappings folder. */
  readonly file: string;
  readonly description?: string;
  /** Output schema name (`canonical.transaction`, `fake-erp.invoice`). */
  readonly to: string;
  readonly schema: z.ZodType;
  /** The expression's source text. */
  readonly source: string;
  readonly expression: jsonata.Expression;
  /** Turns a JSONata error position into `file:line:col` for messages. */
  readonly locate: PositionMapper;
}

/** Resolves a mapping's `to` name to the zod schema its output must satisfy. */
export type SchemaResolver = (name: string) => z.ZodType | undefined;

/** Thrown at boot when mapping files are broken; lists every problem of every file. */
export class MappingLoadError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(
      [`${problems.length} mapping problem${problems.length === 1 ? '' : 's'} in ${dir}:`]
        .concat(problems.map((problem) => `  - ${problem}`))
        .join('\n'),
    );
    this.name = 'MappingLoadError';
  }
}

/** Relative paths (with `/`) of every mapping YAML under `dir`, skipping `*.fixtures/` folders. */
export function listMappingFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.endsWith('.fixtures')) walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        found.push(relative(dir, full).split(sep).join('/'));
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Mapping id implied by a file's path: `fake-pos/transaction.yaml` -> `fake-pos/transaction`. */
export function mappingIdOf(file: string): string {
  return file.replace(/\.ya?ml$/, '');
}

/** Reads and compiles every mapping under `dir`; throws MappingLoadError listing all problems. */
export function compileMappings(dir: string, resolveSchema: SchemaResolver): Map<string, CompiledMapping> {
  const problems: string[] = [];
  const compiled = new Map<string, CompiledMapping>();
  let files: string[];
  try {
    files = listMappingFiles(dir);
  } catch (err) {
    throw new MappingLoadError(dir, [`cannot read mappings folder: ${String(err)}`]);
  }
  for (const file of files) {
    const mapping = compileFile(dir, file, resolveSchema, problems);
    if (!mapping) continue;
    if (compiled.has(mapping.id)) problems.push(`${file}: duplicate mapping id "${mapping.id}"`);
    else compiled.set(mapping.id, mapping);
  }
  if (problems.length > 0) throw new MappingLoadError(dir, problems);
  return compiled;
}

function compileFile(
  dir: string,
  file: string,
  resolveSchema: SchemaResolver,
  problems: string[],
): CompiledMapping | undefined {
  const source = readFileSync(join(dir, file), 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      problems.push(`${file}:${line}:${col}: YAML syntax error: ${error.message.split('\n')[0]}`);
    }
    return undefined;
  }
  const lineOf = (key: string): string => {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? `:${lines.linePos(node.range[0]).line}` : '';
  };
  const parsed = MappingFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.push(`${file}${lineOf(key)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return undefined;
  }
  const { id, to, description, expression: text } = parsed.data;
  let ok = true;
  const expectedId = mappingIdOf(file);
  if (id !== expectedId) {
    problems.push(`${file}${lineOf('id')}: id "${id}" must equal the file's path "${expectedId}"`);
    ok = false;
  }
  const schema = resolveSchema(to);
  if (!schema) {
    problems.push(`${file}${lineOf('to')}: unknown output schema "${to}"`);
    ok = false;
  }
  const locate = expressionPositionMapper(doc, source, lines);
  let expression: jsonata.Expression | undefined;
  try {
    expression = jsonata(text);
  } catch (err) {
    const error = asJsonataError(err);
    const index = errorIndex(error, text.length);
    const where = index === undefined ? lineOf('expression') : `:${locate(index)}`;
    problems.push(`${file}${where}: JSONata ${error.code ?? 'error'}: ${error.message}`);
    ok = false;
  }
  if (!ok || !schema || !expression) return undefined;
  return Object.freeze({ id, file, description, to, schema, source: text, expression, locate });
}
