import jsonata from 'jsonata';
import { mappingFunctions, type LookupTables } from './mapping-functions';
import { asJsonataError, errorIndex } from './jsonata-position';
import { compileMappings, type CompiledMapping, type SchemaResolver } from './mapping-loader';
import { formatIssues, setAtPath, toPlainJson } from './mapping-output';

export { MappingLoadError, listMappingFiles, mappingIdOf } from './mapping-loader';
export type { CompiledMapping, SchemaResolver } from './mapping-loader';

/** What the caller knows about the record being mapped. */
export interface MappingContext {
  /** Bound as `$connectionId`. */
  readonly connectionId: string;
  /** Tables for `$lookup`, normally poshub.yaml `lookups`. */
  readonly lookups: LookupTables;
  /** Output path -> JSONata expression, evaluated on the input after the main expression. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Bound as `$context` (e.g. `{ reference }` for sink mappings). */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** Result of applying a mapping. Bad data never throws: the pipeline quarantines `ok: false`. */
export type MappingOutcome = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** Thrown by `get`/`apply` for an id that was not loaded: a configuration bug, not bad data. */
export class UnknownMappingError extends Error {
  constructor(readonly mappingId: string) {
    super(`unknown mapping "${mappingId}"`);
    this.name = 'UnknownMappingError';
  }
}

interface CompiledOverride {
  readonly path: string;
  readonly expression?: jsonata.Expression;
  readonly error?: string;
}

const EMPTY_CONTEXT = Object.freeze({});
const OVERRIDE_CACHE_LIMIT = 1000;

/** Loads, compiles and applies the JSONata mapping files under one folder. */
export class MappingEngine {
  private readonly overrideCache = new Map<string, readonly CompiledOverride[]>();
  private readonly functionCache = new WeakMap<LookupTables, ReturnType<typeof mappingFunctions>>();

  private constructor(private readonly mappings: ReadonlyMap<string, CompiledMapping>) {}

  /**
   * Compiles every `*.yaml` under `dir` (fixture folders excluded). Throws MappingLoadError listing all
   * broken files with `file:line:col`, unknown `to` schemas and ids that differ from their path.
   */
  static async load(dir: string, options: { resolveSchema: SchemaResolver }): Promise<MappingEngine> {
    return new MappingEngine(compileMappings(dir, options.resolveSchema));
  }

  has(id: string): boolean {
    return this.mappings.has(id);
  }

  /** Loaded mapping ids, sorted. */
  ids(): string[] {
    return [...this.mappings.keys()].sort();
  }

  get(id: string): CompiledMapping {
    const mapping = this.mappings.get(id);
    if (!mapping) throw new UnknownMappingError(id);
    return mapping;
  }

  /**
   * Evaluates mapping `id` on `input`, applies the overrides, validates the output against the `to`
   * schema and returns the parsed value (schema defaults applied). JSONata errors, missing lookups and
   * schema violations come back as `ok: false` with readable messages.
   */
  async apply(id: string, input: unknown, context: MappingContext): Promise<MappingOutcome> {
    const mapping = this.get(id);
    const bindings = this.bindings(context);
    let output: unknown;
    try {
      output = toPlainJson(await mapping.expression.evaluate(input, bindings));
    } catch (err) {
      return { ok: false, errors: [describeRuntimeError(mapping, err)] };
    }
    if (context.overrides && Object.keys(context.overrides).length > 0) {
      const errors: string[] = [];
      const overrideBindings = { ...bindings, output };
      for (const override of this.compileOverrides(id, context.overrides)) {
        if (override.error) {
          errors.push(override.error);
          continue;
        }
        try {
          const value = toPlainJson(await override.expression!.evaluate(input, overrideBindings));
          const problem = setAtPath(output, override.path, value);
          if (problem) errors.push(`override ${override.path}: ${problem}`);
        } catch (err) {
          errors.push(`override ${override.path}: ${describeError(err)}`);
        }
      }
      if (errors.length > 0) return { ok: false, errors };
    }
    const parsed = mapping.schema.safeParse(output);
    if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
    return { ok: true, value: parsed.data };
  }

  private bindings(context: MappingContext): Record<string, unknown> {
    let functions = this.functionCache.get(context.lookups);
    if (!functions) {
      functions = mappingFunctions(context.lookups);
      this.functionCache.set(context.lookups, functions);
    }
    return { ...functions, connectionId: context.connectionId, context: context.context ?? EMPTY_CONTEXT };
  }

  /** Compiled once per (mapping, override set); a syntax error is cached as a per-record error. */
  private compileOverrides(
    id: string,
    overrides: Readonly<Record<string, string>>,
  ): readonly CompiledOverride[] {
    const entries = Object.entries(overrides);
    const key = `${id}\u0000${JSON.stringify(entries)}`;
    let compiled = this.overrideCache.get(key);
    if (!compiled) {
      // Override sets come from poshub.yaml, so there are few; the cap only guards against misuse.
      if (this.overrideCache.size >= OVERRIDE_CACHE_LIMIT) this.overrideCache.clear();
      compiled = entries.map(([path, source]): CompiledOverride => {
        try {
          return { path, expression: jsonata(source) };
        } catch (err) {
          return { path, error: `override ${path}: syntax error: ${describeError(err)}` };
        }
      });
      this.overrideCache.set(key, compiled);
    }
    return compiled;
  }
}

function describeError(err: unknown): string {
  const error = asJsonataError(err);
  const where = typeof error.position === 'number' ? ` at position ${error.position}` : '';
  return `${error.code ? `${error.code}${where}: ` : where ? `${where.trim()}: ` : ''}${error.message}`;
}

function describeRuntimeError(mapping: CompiledMapping, err: unknown): string {
  const error = asJsonataError(err);
  const index = errorIndex(error, mapping.source.length);
  const where = index === undefined ? mapping.file : `${mapping.file}:${mapping.locate(index)}`;
  return `${where}: ${error.code ? `${error.code} ` : ''}${error.message}`;
}

const predicateCache = new Map<string, jsonata.Expression>();
const PREDICATE_CACHE_LIMIT = 1000;
const predicateBindings = mappingFunctions({});

/**
 * Evaluates a route filter on a canonical record with JSONata truthiness (`undefined` -> false).
 * Compiled expressions are cached. Rejects when the expression does not compile or fails to run.
 */
export async function evaluatePredicate(expression: string, input: unknown): Promise<boolean> {
  let compiled = predicateCache.get(expression);
  if (!compiled) {
    if (predicateCache.size >= PREDICATE_CACHE_LIMIT) predicateCache.clear();
    compiled = jsonata(expression);
    predicateCache.set(expression, compiled);
  }
  return truthy(await compiled.evaluate(input, predicateBindings));
}

/** JSONata's `$boolean` rules. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy);
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}
