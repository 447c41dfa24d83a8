import { ConfigValidationError, defaultMappingsDir, loadEnv, loadPoshubConfig, type Env } from '../config';
import type { ConnectorCatalogue } from '../config';
import { listMappingFiles, MappingEngine, MappingLoadError, mappingIdOf } from '../mapping';
import type { ConnectorDefinition } from '../sdk/connector';
import type { CliIo } from './cli-io';
import { buildHubCatalogue, defaultConnectors, type HubCatalogue } from '../app/hub-catalogue';

export interface ConfigCheckArgs {
  /** poshub.yaml to check; default POSHUB_CONFIG. */
  readonly file?: string;
}

/** Seams for tests; production uses process.env and connectors/index.ts. */
export interface ConfigCheckDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
  readonly mappingsDir?: string;
}

/**
 * `poshub config check`: validates the environment, the connector registry, the mapping files and
 * poshub.yaml against all of them, printing every problem. Exit code 1 when anything is wrong.
 * Secret values never reach the output: the loader scrubs them from connector messages.
 */
export async function configCheckCommand(
  args: ConfigCheckArgs,
  io: CliIo,
  deps: ConfigCheckDeps = {},
): Promise<number> {
  const source = deps.env ?? process.env;
  let failed = false;
  const report = (err: unknown) => {
    failed = true;
    io.err(err instanceof Error ? err.message : String(err));
  };

  let env: Env | undefined;
  try {
    env = loadEnv(source);
  } catch (err) {
    report(err);
  }

  let hub: HubCatalogue | undefined;
  try {
    hub = buildHubCatalogue(deps.connectors ?? (await defaultConnectors()));
  } catch (err) {
    report(err);
  }

  const mappingsDir =
    deps.mappingsDir ??
    env?.POSHUB_MAPPINGS_DIR ??
    nonEmpty(source.POSHUB_MAPPINGS_DIR) ??
    defaultMappingsDir();
  const mappingIds = hub ? await loadMappingIds(mappingsDir, hub, report) : undefined;

  const file = args.file ?? env?.POSHUB_CONFIG ?? nonEmpty(source.POSHUB_CONFIG) ?? './poshub.yaml';
  const connectors: ConnectorCatalogue | undefined = hub?.connectors;
  try {
    const config = loadPoshubConfig(file, { env: source, connectors, mappingIds });
    if (!failed) {
      const connections = Object.keys(config.connections).length;
      io.out(
        `config OK: ${connections} connection${connections === 1 ? '' : 's'}, ${config.routes.length} route${config.routes.length === 1 ? '' : 's'}`,
      );
    }
  } catch (err) {
    if (!(err instanceof ConfigValidationError)) throw err;
    report(err);
  }
  return failed ? 1 : 0;
}

/**
 * Compiles the mappings so broken files are reported too; when some are broken, the ids still come
 * from the file names so route checks do not cascade into "mapping does not exist" noise.
 */
async function loadMappingIds(
  dir: string,
  hub: HubCatalogue,
  report: (err: unknown) => void,
): Promise<ReadonlySet<string> | undefined> {
  try {
    const engine = await MappingEngine.load(dir, { resolveSchema: hub.resolveSchema });
    return new Set(engine.ids());
  } catch (err) {
    report(err);
    if (!(err instanceof MappingLoadError)) return undefined;
    try {
      return new Set(listMappingFiles(dir).map(mappingIdOf));
    } catch {
      return undefined;
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
