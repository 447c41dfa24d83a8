import { userInfo } from 'node:os';
import { DEFAULT_DELIVERY_RETRY, type DeliveryRetryPolicy } from '../queue/job-options';
import type { CliIo } from './cli-io';

/** Filters shared by `list` and `retry --all`. */
export interface DeliveriesFilterArgs {
  readonly status?: string;
  readonly destination?: string;
  readonly route?: string;
  readonly error?: string;
  readonly errorCode?: string;
  readonly since?: string;
  readonly until?: string;
}

export interface DeliveriesListArgs extends DeliveriesFilterArgs {
  readonly limit?: string;
  readonly json?: boolean;
}

export interface DeliveriesRetryArgs extends DeliveriesFilterArgs {
  readonly ids: readonly string[];
  readonly all?: boolean;
}

export interface DeliveriesSkipArgs {
  readonly ids: readonly string[];
  readonly reason?: string;
}

/** Seam for tests; production reads process.env. */
export interface DeliveriesDeps {
  readonly env?: NodeJS.ProcessEnv;
}

const STATUSES = ['pending', 'done', 'dead', 'skipped'] as const;
type Status = (typeof STATUSES)[number];

/**
 * Opens what the deliveries commands need straight from the environment: the ledger
 * (DATABASE_URL, POSHUB_SECRET_KEY) and the queues (REDIS_URL, POSHUB_QUEUE_PREFIX). No hub runs;
 * workers anywhere pick the re-queued jobs up. The retry policy comes from poshub.yaml when it
 * loads, otherwise the defaults. Loaded lazily so `poshub --help` stays fast.
 */
async function open(deps: DeliveriesDeps, io: CliIo) {
  const source = deps.env ?? process.env;
  const { loadEnv, loadPoshubConfig } = await import('../config');
  // The role only decides whether an admin token is required; this command serves no HTTP.
  const env = loadEnv({ ...source, POSHUB_ROLE: 'worker' });
  let policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY;
  try {
    const { deliveryPolicyOf } = await import('../pipeline/delivery-policy');
    policy = deliveryPolicyOf(loadPoshubConfig(env.POSHUB_CONFIG, { env: source }));
  } catch (err) {
    io.err(
      `note: ${env.POSHUB_CONFIG} not loaded (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); default retry policy`,
    );
  }
  const { Ledger, SecretBox } = await import('../ledger');
  const { QueueService } = await import('../queue/queue.service');
  const { openRedis } = await import('../queue/redis-connection');
  const { DeliveryActions } = await import('../admin/delivery-actions');
  const ledger = await Ledger.open(env.DATABASE_URL, SecretBox.fromKey(env.POSHUB_SECRET_KEY));
  const redis = openRedis(env.REDIS_URL, 'poshub-cli');
  const queues = new QueueService(redis, env.POSHUB_QUEUE_PREFIX);
  const actions = new DeliveryActions(ledger, queues, policy);
  return {
    ledger,
    actions,
    close: async () => {
      await queues.close();
      await redis.quit().catch(() => undefined);
      await ledger.close();
    },
  };
}

type Opened = Awaited<ReturnType<typeof open>>;

async function run(
  deps: DeliveriesDeps,
  io: CliIo,
  body: (opened: Opened) => Promise<number>,
): Promise<number> {
  let opened: Opened | undefined;
  try {
    opened = await open(deps, io);
    return await body(opened);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await opened?.close();
  }
}

/** The audit actor of a CLI action: `cli:<operating-system user>`. */
function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function parseFilter(args: DeliveriesFilterArgs, defaultStatus?: Status) {
  const status = args.status ?? defaultStatus;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    throw new Error(`--status must be one of ${STATUSES.join(', ')} (got "${status}")`);
  }
  const date = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`${flag} must be a date or date-time (got "${value}")`);
    return new Date(ms);
  };
  return {
    status: status as Status | undefined,
    destinationConnectionId: args.destination,
    routeId: args.route,
    errorContains: args.error,
    errorCode: args.errorCode,
    since: date(args.since, '--since'),
    until: date(args.until, '--until'),
  };
}

/** `poshub deliveries list`: a table (or JSON lines) of deliveries matching the filters. */
export async function deliveriesListCommand(
  args: DeliveriesListArgs,
  io: CliIo,
  deps: DeliveriesDeps = {},
): Promise<number> {
  return run(deps, io, async ({ ledger }) => {
    const limit = Number(args.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new Error('--limit must be 1..5000');
    const page = await ledger.deliveries.list({ ...parseFilter(args), limit });
    for (const d of page.items) {
      if (args.json) io.out(JSON.stringify(d));
      else
        io.out(
          [
            d.id,
            d.status,
            d.destinationConnectionId,
            d.routeId,
            d.attempts,
            d.createdAt,
            d.lastError ?? '',
          ].join('\t'),
        );
    }
    io.err(`${page.items.length} of ${page.total} deliveries`);
    return 0;
  });
}

/**
 * `poshub deliveries retry <id...>` or `retry --all [filters]` (dead by default): back to pending
 * and on the queue, audited. Progress goes to stderr.
 */
export async function deliveriesRetryCommand(
  args: DeliveriesRetryArgs,
  io: CliIo,
  deps: DeliveriesDeps = {},
): Promise<number> {
  if (args.all === args.ids.length > 0) {
    io.err('give delivery ids, or --all with filters (not both)');
    return 1;
  }
  return run(deps, io, async ({ actions }) => {
    const who = actor();
    if (args.all) {
      const filter = parseFilter(args, 'dead');
      if (filter.status !== 'dead' && filter.status !== 'skipped')
        throw new Error('--all retries dead or skipped');
      const result = await actions.retryAll({ ...filter, status: filter.status }, who, (done, total) =>
        io.err(`retried ${done}/${total}`),
      );
      io.out(`${result.count} deliveries retried${result.more ? ' (more match: run again)' : ''}`);
      return 0;
    }
    let failed = 0;
    for (const id of args.ids) {
      try {
        await actions.retry(id, who);
        io.out(`${id}\tpending`);
      } catch (err) {
        failed += 1;
        io.err(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return failed > 0 ? 1 : 0;
  });
}

/** `poshub deliveries skip <id...> [--reason]`: gives up on pending or dead deliveries, audited. */
export async function deliveriesSkipCommand(
  args: DeliveriesSkipArgs,
  io: CliIo,
  deps: DeliveriesDeps = {},
): Promise<number> {
  if (args.ids.length === 0) {
    io.err('give at least one delivery id');
    return 1;
  }
  return run(deps, io, async ({ actions }) => {
    let failed = 0;
    for (const id of args.ids) {
      try {
        await actions.skip(id, args.reason ?? 'no reason given', actor());
        io.out(`${id}\tskipped`);
      } catch (err) {
        failed += 1;
        io.err(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return failed > 0 ? 1 : 0;
  });
}
