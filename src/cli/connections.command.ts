import { loadEnv, loadPoshubConfig, type PoshubConfig } from '../config';
import { buildHubCatalogue, defaultConnectors } from '../app/hub-catalogue';
import type { ConnectorDefinition, ConnectorInstance } from '../sdk/connector';
import { createConnectorContext } from '../sdk/connector-context';
import type { CliIo } from './cli-io';

export interface ConnectionsArgs {
  /** poshub.yaml to read; default POSHUB_CONFIG. */
  readonly file?: string;
}

/** Seams for tests; production uses process.env and connectors/index.ts. */
export interface ConnectionsDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
}

interface Loaded {
  readonly config: PoshubConfig;
  readonly connectorOf: (connector: string) => ConnectorDefinition<unknown> | undefined;
}

async function load(args: ConnectionsArgs, deps: ConnectionsDeps): Promise<Loaded> {
  const source = deps.env ?? process.env;
  const env = loadEnv(source);
  const hub = buildHubCatalogue(deps.connectors ?? (await defaultConnectors()));
  const file = args.file ?? env.POSHUB_CONFIG;
  const config = loadPoshubConfig(file, { env: source, connectors: hub.connectors });
  return { config, connectorOf: (id) => hub.registry.get(id) };
}

/**
 * Builds a connection's instance outside the hub: no shared rate governor (a handful of calls,
 * 429s are waited out by the HTTP client itself), process-local locks.
 */
function instanceOf(loaded: Loaded, connectionId: string): ConnectorInstance | string {
  const connection = loaded.config.connections[connectionId];
  if (!connection) {
    const known = Object.keys(loaded.config.connections).join(', ') || 'none';
    return `no connection "${connectionId}" in poshub.yaml (connections: ${known})`;
  }
  const definition = loaded.connectorOf(connection.connector);
  if (!definition) return `connection ${connectionId}: unknown connector ${connection.connector}`;
  const parsed = definition.manifest.configSchema.safeParse(connection.config);
  if (!parsed.success) return `connection ${connectionId}: config does not match ${definition.manifest.id}`;
  const context = createConnectorContext(definition.manifest, {
    connectionId,
    config: parsed.data,
    rateLimit: connection.rateLimit,
  });
  return definition.create(context);
}

async function withInstance(
  args: ConnectionsArgs & { readonly id: string },
  io: CliIo,
  deps: ConnectionsDeps,
  run: (instance: ConnectorInstance) => Promise<number>,
): Promise<number> {
  let loaded: Loaded;
  try {
    loaded = await load(args, deps);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
  const instance = instanceOf(loaded, args.id);
  if (typeof instance === 'string') {
    io.err(instance);
    return 1;
  }
  try {
    return await run(instance);
  } catch (err) {
    io.err(`${args.id}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await instance.close?.();
  }
}

/** `poshub connections list`: every connection of poshub.yaml with its connector (never its config). */
export async function connectionsListCommand(
  args: ConnectionsArgs,
  io: CliIo,
  deps: ConnectionsDeps = {},
): Promise<number> {
  try {
    const { config } = await load(args, deps);
    for (const [id, connection] of Object.entries(config.connections))
      io.out(`${id}\t${connection.connector}`);
    return 0;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

/** `poshub connections check <id>`: runs the connector's check; exit 1 when it is not ok. */
export async function connectionsCheckCommand(
  args: ConnectionsArgs & { readonly id: string },
  io: CliIo,
  deps: ConnectionsDeps = {},
): Promise<number> {
  return withInstance(args, io, deps, async (instance) => {
    const result = await instance.check();
    (result.ok ? io.out : io.err)(`${args.id}: ${result.ok ? 'ok' : 'FAILED'}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}

/**
 * `poshub connections setup <id>`: creates what the target needs before poshub writes to it
 * (custom properties, external-id fields). Idempotent; prints what was created and what existed.
 */
export async function connectionsSetupCommand(
  args: ConnectionsArgs & { readonly id: string },
  io: CliIo,
  deps: ConnectionsDeps = {},
): Promise<number> {
  return withInstance(args, io, deps, async (instance) => {
    if (!instance.setup) {
      io.out(`${args.id}: this connector needs no set-up`);
      return 0;
    }
    const result = await instance.setup();
    for (const item of result.created) io.out(`created  ${item}`);
    for (const item of result.existing) io.out(`existing ${item}`);
    (result.ok ? io.out : io.err)(`${args.id}: ${result.ok ? 'ok' : 'FAILED'}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}
