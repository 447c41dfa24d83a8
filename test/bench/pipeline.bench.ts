import 'reflect-metadata';
import { HubHarness } from '../support/hub-harness';
import type { TestDialect } from '../support/test-env';
import { ReconciliationService } from '../../src/pipeline/reconciliation/reconciliation.service';

/**
 * `npm run bench`: end-to-end throughput of the pipeline (fake POS → ledger → queue → fake ERP) on
 * each SQL dialect. Prints one JSON line per run and fails when a target is missed, so performance
 * is tracked here and never in timed unit tests.
 *
 * Targets for this 2-core machine, deliveries/s end to end (measured 2026-11-27: SQLite 234/s,
 * PostgreSQL 168/s with 2,000 transactions and 16 concurrent deliveries).
 */
const TARGETS: Record<TestDialect, number> = { sqlite: 150, postgres: 100 };
/** Reconciling every day of the run (2,000 transactions by default) must take less than this. */
const RECONCILE_MAX_SECONDS = 5;

interface BenchResult {
  readonly dialect: string;
  readonly perSecond: number;
  readonly reconcileSeconds: number;
}

/**
 * Reconciles every business day the generated sales fall on (what an admin's report does) and
 * prints how long the whole set took: the ledger reads are bulk, so this stays well under the
 * pipeline's own time.
 */
async function reconcileEveryDay(
  harness: HubHarness,
  sales: readonly { created_at: string }[],
): Promise<number> {
  const days = [...new Set(sales.map((t) => new Date(t.created_at).toISOString().slice(0, 10)))].sort();
  const service = harness.hub!.app.get(ReconciliationService);
  const started = Date.now();
  let transactions = 0;
  let gaps = 0;
  for (const date of days) {
    const report = await service.report({ date, timezone: 'UTC' });
    for (const location of report.locations) {
      transactions += location.pos.transactions;
      gaps += location.destinations.reduce((n, d) => n + d.items.length, 0);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ bench: 'reconcile', days: days.length, transactions, gaps, seconds }));
  if (gaps > 0) throw new Error(`reconciliation found ${gaps} gaps after every delivery was done`);
  return seconds;
}

async function run(dialect: TestDialect, count: number): Promise<BenchResult> {
  const harness = await HubHarness.create({ dialect, pullEvery: '200ms', concurrency: 16 });
  try {
    const sales = harness.pos.generate(count, { currency: 'USD' });
    const started = Date.now();
    await harness.start('all');
    await harness.waitForDone(count, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const perSecond = Math.round(count / seconds);
    console.log(JSON.stringify({ bench: 'pipeline', dialect, transactions: count, seconds, perSecond }));
    const reconcileSeconds = await reconcileEveryDay(harness, sales);
    return { dialect, perSecond, reconcileSeconds };
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
    if (result.reconcileSeconds > RECONCILE_MAX_SECONDS) {
      console.error(
        `bench: ${dialect} reconciliation took ${result.reconcileSeconds} s, over ${RECONCILE_MAX_SECONDS} s`,
      );
      missed = true;
    }
  }
  process.exit(missed ? 1 : 0);
}

void main();
