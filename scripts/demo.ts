import 'reflect-metadata';
import { join } from 'node:path';
import { packageRoot } from '../src/config';
import { parseArgs, USAGE, UsageError, type DemoArgs } from './demo/args';
import { demoConfigYaml, HUBSPOT_TEN_SECOND_LIMIT } from './demo/config-yaml';
import { startDemoHub, type DemoHub } from './demo/hub';
import { goldenCustomers, hubStats } from './demo/hub-stats';
import { squareSkus } from './demo/odoo-setup';
import { bannerLines, progressLine } from './demo/progress';
import { deletePrefix, ensureRedis, type DemoRedis } from './demo/redis';
import { countAtSimulators } from './demo/sim-counts';
import { startSimulators, type DemoSimulators } from './demo/simulators';
import { TrafficGenerator } from './demo/traffic';

/**
 * `npm run demo`: Square, Odoo and HubSpot simulators on loopback and poshub in this process
 * (SQLite ledger, local Redis) with a ready poshub.yaml; generates sales with customers, refunds and
 * stock changes and shows progress on stderr. `--exit` waits until every transaction is in Odoo and
 * in HubSpot and prints one JSON line on stdout.
 */
const say = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(args: DemoArgs): Promise<number> {
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const redis = await ensureRedis();
  if (redis.private) say(`No Redis at REDIS_URL; started a private redis-server at ${redis.url}`);
  const sims = await startSimulators();
  let demo: DemoHub | undefined;
  let traffic: TrafficGenerator | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown(redis, sims, demo, traffic));
  // `on`, not `once`: Nest's shutdown hook closes the hub and raises the signal again; this
  // handler must still be there to finish the clean-up (Redis keys, simulators) before exiting.
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    traffic = new TrafficGenerator(
      sims.square,
      sims.odoo,
      sims.lookups['odoo-locations'],
      [...new Set(squareSkus(sims.square).values())],
      args.transactions,
    );
    await traffic.prefill();
    const dataDir = args.dataDir ?? join(packageRoot(), 'data', 'demo');
    demo = await startDemoHub({
      dataDir,
      configYaml: demoConfigYaml(sims.endpoints, sims.lookups),
      redis,
      secrets: sims.secrets,
      logLevel: args.exit ? 'silent' : 'error',
    });
    const hub = demo.hub;
    const banner = { url: hub.url ?? '', token: demo.adminToken, dataDir, redisUrl: redis.url };
    for (const line of bannerLines({ ...banner, hubspotLimit: HUBSPOT_TEN_SECOND_LIMIT })) say(line);

    let failure: Error | undefined;
    traffic.start((error) => (failure = error));
    let announced = false;
    for (;;) {
      await sleep(1000);
      // Ctrl-C: shutdown() owns the hub now; its handler exits once everything is closed.
      if (stopping) return new Promise<number>(() => undefined);
      if (failure) throw failure;
      const generated = traffic.state();
      const stats = await hubStats(hub);
      const counts = countAtSimulators({ ...sims, orders: generated.orders });
      say(
        progressLine({
          seconds: elapsed(),
          generated: generated.orders.length,
          total: args.transactions,
          stats,
          counts,
        }),
      );
      if (generated.done && !announced && !args.exit) {
        announced = true;
        say(`All ${args.transactions} transactions generated; poshub keeps running. Ctrl-C stops it.`);
      }
      if (!args.exit || !generated.done) {
        if (args.exit && elapsed() > args.timeoutSeconds) return finish(false);
        continue;
      }
      const complete =
        counts.erp === args.transactions && counts.crm === args.transactions && stats.pending === 0;
      if (complete || elapsed() > args.timeoutSeconds) return finish(complete);
    }

    async function finish(complete: boolean): Promise<number> {
      const orders = traffic!.state().orders;
      const stats = await hubStats(hub);
      const counts = countAtSimulators({ ...sims, orders });
      const customers = await goldenCustomers(hub, sims);
      const summary = {
        transactions: args.transactions,
        erp: counts.erp,
        crm: counts.crm,
        customers: customers.goldens,
        stockPushed: counts.stockPushed,
        dead: stats.dead,
        duplicates: counts.duplicates,
        seconds: Math.round(elapsed() * 10) / 10,
        ...(complete ? {} : { timedOut: true }),
      };
      say(
        `Odoo duplicates ${counts.odooDuplicates}, HubSpot duplicates ${counts.hubspotDuplicates}, ` +
          `quarantined ${stats.quarantined}, customer records not resolved ${customers.unresolved}` +
          (complete ? '' : `; timed out after ${args.timeoutSeconds}s`),
      );
      if (stats.dead > 0) {
        const reasons = await hub.ledger.deliveries.errorsGroupedByReason({ limit: 5 });
        for (const r of reasons) say(`  dead ×${r.count}: ${r.errorCode ?? ''} ${r.lastError ?? ''}`);
      }
      await stop();
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return complete && summary.dead === 0 && summary.duplicates === 0 ? 0 : 1;
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops generation, poshub, the simulators, this run's Redis keys and a private redis-server. */
async function shutdown(
  redis: DemoRedis,
  sims: DemoSimulators,
  demo: DemoHub | undefined,
  traffic: TrafficGenerator | undefined,
): Promise<void> {
  await traffic?.stop().catch(() => undefined);
  await demo?.hub.close().catch(() => undefined);
  await sims.close();
  if (demo) {
    await deletePrefix(redis.url, demo.prefix).catch((error: Error) =>
      say(`could not delete the demo's Redis keys (${demo.prefix}:*): ${error.message}`),
    );
  }
  redis.stop();
}

function run(): void {
  let args: DemoArgs | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  main(args).then(
    (code) => process.exit(code),
    (error: Error) => {
      say(`demo failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}

run();
