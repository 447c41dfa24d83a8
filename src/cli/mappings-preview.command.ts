import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { buildHubCatalogue, defaultConnectors } from '../app/hub-catalogue';
import { defaultMappingsDir } from '../config';
import { MappingEngine } from '../mapping';
import type { ConnectorDefinition } from '../sdk/connector';
import type { CliIo } from './cli-io';

export interface MappingsPreviewArgs {
  readonly mapping: string;
  /** JSON file with the document to map (a vendor payload or a canonical record). */
  readonly input: string;
  /** JSON file shaped like a fixture's context.json: connectionId, lookups, context, overrides. */
  readonly context?: string;
  /** Mappings folder; default POSHUB_MAPPINGS_DIR or the package's mappings/. */
  readonly dir?: string;
}

export interface MappingsPreviewDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
}

/** What the pipeline would pass as MappingContext, as in `<case>.context.json`. */
const ContextFileSchema = z.strictObject({
  connectionId: z.string().default('preview'),
  lookups: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  context: z.record(z.string(), z.unknown()).optional(),
  overrides: z.record(z.string(), z.string()).optional(),
});

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${what} ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * `poshub mappings preview <mapping> <input.json>`: applies one mapping to a document and prints
 * the payload it produces, validated against the mapping's target schema, without sending anything
 * anywhere. Exit 1 with the mapping's positioned errors (file:line:col of the JSONata expression,
 * the schema path) when it fails.
 */
export async function mappingsPreviewCommand(
  args: MappingsPreviewArgs,
  io: CliIo,
  deps: MappingsPreviewDeps = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const dir = args.dir ?? (env.POSHUB_MAPPINGS_DIR?.trim() || defaultMappingsDir());
  try {
    const input = readJson(args.input, 'input');
    const rawContext = args.context === undefined ? {} : readJson(args.context, 'context');
    const context = ContextFileSchema.safeParse(rawContext);
    if (!context.success) {
      io.err(
        `context ${args.context}: ${context.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      return 1;
    }
    const hub = buildHubCatalogue(deps.connectors ?? (await defaultConnectors()));
    const engine = await MappingEngine.load(dir, { resolveSchema: hub.resolveSchema });
    if (!engine.has(args.mapping)) {
      io.err(`unknown mapping "${args.mapping}"; known: ${engine.ids().join(', ')}`);
      return 1;
    }
    const outcome = await engine.apply(args.mapping, input, context.data);
    if (!outcome.ok) {
      io.err(`${args.mapping} failed on ${args.input}:`);
      for (const error of outcome.errors) io.err(`  ${error}`);
      return 1;
    }
    io.out(JSON.stringify(outcome.value, null, 2));
    return 0;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
