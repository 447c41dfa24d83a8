import 'reflect-metadata';
import { HubHarness } from '../support/hub-harness';
import type { TestDialect } from '../support/test-env';

/**
 * `npm run bench`: end-to-end throughput of the pipeline (fake POS → ledger → queue → fake ERP) on
 * each SQL dialect. Prints one JSON line per run and fails when a target is missed, so performance
 * is tracked here and never in timed unit tests.
 *
 * Targets for this 2-core machine, deliveries/s end to end (measured 2026-11-27: SQLite 234/s,
 * PostgreSQL 168/s with 2,000 transactions and 16 concurrent deliveries).
 */
const TARGETS: Record<TestDialect, number> = { sqlite: 150, postgres: 100 };

async function run(dialect: TestDialect, count: number): Promise<{ dialect: string; perSecond: number }> {
  const harness = await HubHarness.create({ dialect, pullEvery: '200ms', concurrency: 16 });
  try {
    harness.pos.generate(count, { currency: 'USD' });
    const started = Date.now();
    await harness.start('all');
    await harness.waitForDone(count, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const perSecond = Math.round(count / seconds);
    console.log(JSON.stringify({ bench: 'pipeline', dialect, transactions: count, seconds, perSecond }));
    return { dialect, perSecond };
  } finally {
    await harness.close();
  }
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_TRANSACTIONS ?? 2000);
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as TestDialect[];
  let missed = false;
  for (const dialect of dialects) {
    const result = await run(dialect, count);
    if (result.perSecond < TARGETS[dialect]) {
      console.error(`bench: ${dialect} ${result.perSecond}/s is below the target ${TARGETS[dialect]}/s`);
      missed = true;
    }
  }
  process.exit(missed ? 1 : 0);
}

void main();
