import { defaultMappingsDir } from '../config';
import { MappingEngine, runMappingFixtures } from '../mapping';
import type { ConnectorDefinition } from '../sdk/connector';
import type { CliIo } from './cli-io';
import { buildHubCatalogue, defaultConnectors } from '../app/hub-catalogue';

export interface MappingsTestArgs {
  /** Mappings folder; default POSHUB_MAPPINGS_DIR or the package's mappings/. */
  readonly dir?: string;
}

export interface MappingsTestDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
}

/**
 * `poshub mappings test`: compiles every mapping and runs its golden fixtures, printing one ✓/✗ line
 * per case and the path-level diff of each failure. Exit code 1 on a load error or any failed case.
 */
export async function mappingsTestCommand(
  args: MappingsTestArgs,
  io: CliIo,
  deps: MappingsTestDeps = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const dir = args.dir ?? (env.POSHUB_MAPPINGS_DIR?.trim() || defaultMappingsDir());
  let engine: MappingEngine;
  try {
    const hub = buildHubCatalogue(deps.connectors ?? (await defaultConnectors()));
    engine = await MappingEngine.load(dir, { resolveSchema: hub.resolveSchema });
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
  const report = await runMappingFixtures(engine, dir);
  const cases = [
    ...report.passed.map((c) => ({ ...c, diff: undefined as string | undefined })),
    ...report.failed,
  ].sort((a, b) => a.mapping.localeCompare(b.mapping) || a.case.localeCompare(b.case));
  for (const c of cases) {
    if (c.diff === undefined) {
      io.out(`✓ ${c.mapping} ${c.case}`);
    } else {
      io.out(`✗ ${c.mapping} ${c.case}`);
      for (const line of c.diff.split('\n')) io.out(`    ${line}`);
    }
  }
  const untested = engine.ids().filter((id) => !cases.some((c) => c.mapping === id));
  if (untested.length > 0) io.out(`mappings without fixtures: ${untested.join(', ')}`);
  io.out(`${report.passed.length} passed, ${report.failed.length} failed`);
  if (report.failed.length > 0) {
    io.err(`${report.failed.length} mapping fixture${report.failed.length === 1 ? '' : 's'} failed`);
    return 1;
  }
  return 0;
}
