import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { createHub } from '../src/app/create-hub';
import { toMinorUnits } from '../src/canonical';
import { loadEnv, loadPoshubConfig, packageRoot } from '../src/config';
import { deliverQueueName } from '../src/queue/queue-names';
import { QueueService } from '../src/queue/queue.service';
import { FakeErpServer } from '../test/fakes/fake-erp/fake-erp.server';
import { FakePosServer } from '../test/fakes/fake-pos/fake-pos.server';
import { freePort, redisAnswers, startLocalRedis } from './local-services';

/**
 * `npm run demo`: the main job on embedded defaults. Starts the simulated POS and ERP on loopback,
 * poshub (SQLite ledger, local Redis) with a ready poshub.yaml, generates sales and refunds, and
 * shows progress. `--transactions N --exit` runs to completion and prints one JSON line.
 */
interface DemoArgs {
  transactions: number;
  exit: boolean;
}

function parseArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { transactions: 200, exit: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--exit') args.exit = true;
    else if (argv[i] === '--transactions') args.transactions = Number(argv[++i]);
    else if (argv[i] === '--help') {
      console.log('usage: npm run demo -- [--transactions N] [--exit]');
      process.exit(0);
    } else {
      console.error(`unknown option ${argv[i]} (try --help)`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.transactions) || args.transactions < 1) {
    console.error('--transactions must be a positive whole number');
    process.exit(2);
  }
  return args;
}

/** Uses REDIS_URL when it answers; otherwise starts a private redis-server in a temp folder. */
async function ensureRedis(): Promise<{ url: string; stop: () => void }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, stop: () => undefined };
  try {
    const local = await startLocalRedis();
    console.log(`No Redis at ${url}; started a private redis-server at ${local.url}`);
    return local;
  } catch (error) {
    console.error(
      `No Redis answers at ${url}, and starting one failed: ${(error as Error).message}.\n` +
        'Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
    process.exit(1);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const redis = await ensureRedis();
  const pos = await FakePosServer.start({ seed: 42 });
  const erp = await FakeErpServer.start();
  erp.setFaults({ errorRate: 0.05, rateLimitRate: 0.02, retryAfterSeconds: 1, latencyMs: 5 });

  const dataDir = join(packageRoot(), 'data');
  mkdirSync(dataDir, { recursive: true });
  const dbPath = join(dataDir, 'demo.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const configPath = join(dataDir, 'demo.poshub.yaml');
  writeFileSync(
    configPath,
    `# Written by npm run demo: the simulated POS and ERP on loopback.
connections:
  pos:
    connector: fake-pos
    config: { baseUrl: "${pos.url}", apiKey: "\${DEMO_POS_KEY}", pageSize: 100 }
  erp:
    connector: fake-erp
    config: { baseUrl: "${erp.url}", apiKey: "\${DEMO_ERP_KEY}" }
routes:
  - id: sales-to-erp
    source: { connection: pos, stream: transactions }
    destination: { connection: erp, entity: invoice }
schedules:
  - { connection: pos, stream: transactions, every: 1s }
delivery: { attempts: 15, backoffMs: 200, maxBackoffMs: 5000 }
`,
  );
  const adminToken = process.env.POSHUB_ADMIN_TOKEN ?? `demo-${randomBytes(12).toString('hex')}`;
  const prefix = `poshub-demo-${randomBytes(3).toString('hex')}`;
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redis.url,
    DATABASE_URL: dbPath,
    PORT: String(process.env.PORT ?? (await freePort())),
    POSHUB_ROLE: 'all',
    POSHUB_ADMIN_TOKEN: adminToken,
    POSHUB_SECRET_KEY: process.env.POSHUB_SECRET_KEY ?? randomBytes(32).toString('hex'),
    POSHUB_CONFIG: configPath,
    POSHUB_QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    DEMO_POS_KEY: pos.apiKey,
    DEMO_ERP_KEY: erp.apiKey,
  };
  const env = loadEnv(processEnv);
  const config = loadPoshubConfig(configPath, { env: processEnv });
  const hub = await createHub({ env, config, role: 'all' });
  console.log(`poshub demo: admin API ${hub.url}/api/v1/deliveries  (Authorization: Bearer ${adminToken})`);
  console.log(`             metrics   ${hub.url}/metrics   health ${hub.url}/health/ready`);

  // Sales arrive over time, like a shop's day: a tenth of them refunds.
  const sent: { total: string; currency: string }[] = [];
  const batch = Math.max(1, Math.ceil(args.transactions / 10));
  const feeder = setInterval(() => {
    const remaining = args.transactions - sent.length;
    if (remaining <= 0) return clearInterval(feeder);
    sent.push(
      ...pos.generate(Math.min(batch, remaining), { currency: 'USD', refundRatio: 0.1, customers: 50 }),
    );
  }, 300);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(feeder);
    await hub.close();
    await pos.close();
    await erp.close();
    const cleaner = new IORedis(redis.url);
    const keys = await cleaner.keys(`${prefix}:*`);
    if (keys.length > 0) await cleaner.del(...keys);
    cleaner.disconnect();
    redis.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (;;) {
    await sleep(1000);
    const counts = await hub.ledger.deliveries.countByStatus();
    const quarantined = await hub.ledger.quarantine.count();
    const records = await hub.ledger.records.count('transaction');
    const total = counts.pending + counts.done + counts.dead + counts.skipped;
    const queue = await hub.app
      .get(QueueService)
      .queue(deliverQueueName('erp'))
      .getJobCounts('waiting', 'delayed', 'active');
    console.log(
      `[${((Date.now() - started) / 1000).toFixed(0)}s] generated ${sent.length}/${args.transactions}  pulled ${records}` +
        `  erp: delivered ${counts.done} pending ${counts.pending} dead ${counts.dead}  quarantined ${quarantined}` +
        `  queue: ${queue.waiting} waiting ${queue.delayed} delayed ${queue.active} active  (erp calls ${erp.stats().requests})`,
    );
    if (args.exit && sent.length >= args.transactions && total >= args.transactions && counts.pending === 0) {
      const duplicates = erp.duplicateReferences().length;
      const expected = sent.reduce((s, t) => s + BigInt(toMinorUnits(t.total, t.currency)), 0n);
      const delivered = erp.invoices().reduce((s, i) => s + BigInt(toMinorUnits(i.total, i.currency)), 0n);
      console.log(
        JSON.stringify({
          transactions: args.transactions,
          erp: erp.invoices().length,
          dead: counts.dead,
          quarantined,
          duplicates,
          totalsMatch: expected === delivered,
          seconds: Math.round((Date.now() - started) / 100) / 10,
        }),
      );
      await stop(counts.dead === 0 && duplicates === 0 && expected === delivered ? 0 : 1);
    }
  }
}

void main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
