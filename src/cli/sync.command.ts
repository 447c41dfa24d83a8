import { loadEnv, loadPoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import type { PullService } from '../pipeline/pull.service';
import type { ConnectorDefinition } from '../sdk/connector';
import type { CliIo } from './cli-io';
import { checkpointSince, SINCE_CONNECTORS } from './sync-since';

export interface SyncArgs {
  readonly connection: string;
  /** One stream; default every stream the connector reads. */
  readonly stream?: string;
  /** ISO instant: move the checkpoint there first (connectors listed in sync-since.ts). */
  readonly since?: string;
  readonly file?: string;
}

export interface SyncDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
}

const PROGRESS_EVERY_MS = 1000;

/**
 * `poshub sync <connection>`: pulls now, in this process, exactly as a worker does (same Nest
 * services, same Redis lock, same page transactions), then exits. Deliveries are queued for the
 * hub's workers. Progress (records stored so far) goes to stderr, one summary line per stream to
 * stdout. Exit 1 when a pull failed or was already running elsewhere, 2 on bad arguments.
 */
export async function syncCommand(args: SyncArgs, io: CliIo, deps: SyncDeps = {}): Promise<number> {
  const source = deps.env ?? process.env;
  let since: Date | undefined;
  if (args.since !== undefined) {
    since = new Date(args.since);
    if (Number.isNaN(since.getTime())) {
      io.err(`--since "${args.since}" is not an ISO date-time`);
      return 2;
    }
  }
  // Loaded lazily: Nest and the drivers are not needed by `poshub --help`.
  const { buildHubCatalogue, defaultConnectors } = await import('../app/hub-catalogue');
  const { createHub } = await import('../app/create-hub');
  const { PullService: Pulls } = await import('../pipeline/pull.service');
  let close: (() => Promise<void>) | undefined;
  try {
    const env = loadEnv(source);
    const connectors = deps.connectors ?? (await defaultConnectors());
    const hub = buildHubCatalogue(connectors);
    const config = loadPoshubConfig(args.file ?? env.POSHUB_CONFIG, {
      env: source,
      connectors: hub.connectors,
    });
    const connection = config.connections[args.connection];
    if (!connection) {
      io.err(
        `no connection "${args.connection}" (connections: ${Object.keys(config.connections).join(', ') || 'none'})`,
      );
      return 2;
    }
    const readable = hub.registry.require(connection.connector).manifest.streams.map((s) => s.name);
    const streams = args.stream === undefined ? readable : [args.stream];
    const unknown = streams.filter((s) => !readable.includes(s));
    if (unknown.length > 0 || streams.length === 0) {
      io.err(
        `connection ${args.connection} reads ${readable.join(', ') || 'no streams'}; not ${unknown.join(', ')}`,
      );
      return 2;
    }
    const windows = new Map<string, string>();
    if (since) {
      for (const stream of streams) {
        const cursor = checkpointSince(connection.connector, stream, since);
        if (cursor === undefined) {
          io.err(
            `--since: ${connection.connector} checkpoints are not a time; --since works for ${SINCE_CONNECTORS.join(', ')}`,
          );
          return 2;
        }
        windows.set(stream, cursor);
      }
    }
    // The API role without listening: no workers, no scheduler, only the services a pull needs.
    const running = await createHub({ env, config, connectors, role: 'api', listen: false });
    close = () => running.close();
    const pulls = running.app.get(Pulls);
    let failed = false;
    for (const stream of streams) {
      const window = windows.get(stream);
      if (window !== undefined) {
        const previous = await running.ledger.checkpoints.get(args.connection, stream);
        await running.ledger.checkpoints.set(args.connection, stream, window);
        await running.ledger.audit.append({
          actor: 'cli',
          action: 'checkpoint.set',
          target: `${args.connection}/${stream}`,
          details: { since: since!.toISOString(), previous, cursor: window },
        });
        io.err(`${args.connection}/${stream}: checkpoint moved to ${since!.toISOString()}`);
      }
      failed = !(await pullOne(running, pulls, args.connection, stream, io)) || failed;
    }
    return failed ? 1 : 0;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await close?.();
  }
}

/** One stream's pull with a progress ticker; false when it failed or another pull held the lock. */
async function pullOne(
  running: { ledger: Ledger },
  pulls: PullService,
  connection: string,
  stream: string,
  io: CliIo,
): Promise<boolean> {
  const started = Date.now();
  const before = await running.ledger.records.count();
  io.err(`${connection}/${stream}: pulling…`);
  const ticker = setInterval(() => {
    void running.ledger.records.count().then(
      (n) => io.err(`  ${connection}/${stream}: ${n - before} records stored, ${elapsed(started)}`),
      () => undefined,
    );
  }, PROGRESS_EVERY_MS);
  try {
    const s = await pulls.pull(connection, stream);
    if (s.skippedBusy) {
      io.err(`${connection}/${stream}: another pull of this stream is running; try again when it ends`);
      return false;
    }
    io.out(
      `${connection}/${stream}: ${s.pages} pages, ${s.stored} stored, ${s.unchanged} unchanged, ` +
        `${s.quarantined} quarantined, ${s.deliveriesEnqueued} deliveries queued (${elapsed(started)})`,
    );
    return true;
  } catch (err) {
    io.err(`${connection}/${stream}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  } finally {
    clearInterval(ticker);
  }
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
