import { join } from 'node:path';
import { CONNECTORS } from '../../connectors';
import { square } from '../../connectors/square/square.connector';
import { SquareSimulator, type SquareOrder } from '../../connectors/square/simulator/square-simulator';
import { CANONICAL_SCHEMAS, validateCanonical, type SalesTransaction } from '../../src/canonical';
import { createSchemaResolver, MappingEngine } from '../../src/mapping';
import { buildRegistry } from '../../src/registry';
import { RateLimitedError, type SourceRecord } from '../../src/sdk';
import { connect } from '../fakes/connector-harness';
import { loadOpenApi } from '../support/openapi-validator';

const SPEC = join(__dirname, '..', '..', '..', 'shared', 'specs', 'square', 'square-api-subset.openapi.json');

/** Runs a read to its end from `cursor`, restarting from the last saved checkpoint after each 429. */
async function readUntilDone(
  sim: SquareSimulator,
  cursor: string | null,
  seen: Map<string, SourceRecord>,
): Promise<{ cursor: string | null; rateLimited: number }> {
  let saved = cursor;
  let rateLimited = 0;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const instance = connect(square, {
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      locationIds: sim.locationIds,
      pageSize: 250,
    });
    try {
      for await (const page of instance.read!('transactions', saved)) {
        for (const r of page.records) {
          const prev = seen.get(r.externalId);
          if (!prev || Number(prev.version) < Number(r.version)) seen.set(r.externalId, r);
        }
        // What the pipeline does: commit the page's checkpoint, if it moves it.
        if (page.cursor !== null) saved = page.cursor;
      }
      return { cursor: saved, rateLimited };
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      rateLimited += 1;
    }
  }
  throw new Error('read never completed');
}

/** Σ of what each order moves in minor units per currency: sales add, returns subtract. */
function netOfSimulator(orders: readonly SquareOrder[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const o of orders) {
    const isReturn = (o.returns ?? []).length > 0;
    const money = isReturn ? o.return_amounts!.total_money : o.total_money;
    const sign = isReturn ? -1n : 1n;
    out.set(money.currency, (out.get(money.currency) ?? 0n) + sign * BigInt(money.amount));
  }
  return out;
}

describe('square transactions against the simulator', () => {
  let sim: SquareSimulator;
  let engine: MappingEngine;

  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 2024 });
    const registry = buildRegistry(CONNECTORS);
    engine = await MappingEngine.load(join(__dirname, '..', '..', 'mappings'), {
      resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: (id) => registry.get(id)?.manifest }),
    });
  });
  afterAll(() => sim.close());

  it('fetches webhook-announced orders in batches of ≤100, COMPLETED only', async () => {
    const ids = sim.generateOrders(150, { refundRatio: 0 }).map((o) => o.id);
    const instance = connect(square, {
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      locationIds: sim.locationIds,
    });
    const before = sim.requestLog().length;
    const records = await instance.fetch!('transactions', [...ids, 'NO-SUCH-ORDER']);
    expect(records.map((r) => r.externalId).sort()).toEqual([...ids].sort());
    const calls = sim.requestLog().slice(before);
    expect(calls.map((c) => (c.body as { order_ids: string[] }).order_ids.length)).toEqual([100, 51]);
  });

  it('reads 2,000 orders once each under 429s and mid-read updates, with totals equal to the minor unit', async () => {
    const generated = sim.generateOrders(2000, { refundRatio: 0.1, customers: 40 });
    expect(generated.length).toBeGreaterThanOrEqual(2000);
    const sales = generated.filter((o) => (o.returns ?? []).length === 0);
    // 10% of the orders change between pages (each page served touches the next few).
    const toTouch = sales.filter((_, i) => i % 10 === 3).map((o) => o.id);
    let touched = 0;
    sim.onOrdersPage(() => {
      for (let i = 0; i < 25 && touched < toTouch.length; i += 1) sim.touchOrder(toTouch[touched++]);
    });
    sim.setFaults({ rateLimitRate: 0.05, seed: 7 });

    const seen = new Map<string, SourceRecord>();
    const first = await readUntilDone(sim, null, seen);
    expect(JSON.parse(first.cursor!)).toEqual({ updatedAfter: expect.any(String) });

    // Incremental runs from the saved checkpoint pick up orders that moved past a window's end.
    sim.onOrdersPage(undefined);
    while (touched < toTouch.length) sim.touchOrder(toTouch[touched++]);
    const logStart = sim.requestLog().length;
    const second = await readUntilDone(sim, first.cursor, seen);
    const resumed = sim
      .requestLog()
      .slice(logStart)
      .find((e) => e.path === '/v2/orders/search' && e.status === 200);
    const range = (
      resumed!.body as { query: { filter: { date_time_filter: { updated_at: { start_at: string } } } } }
    ).query.filter.date_time_filter.updated_at;
    const previousEnd = Date.parse(JSON.parse(first.cursor!).updatedAfter as string);
    expect(Date.parse(range.start_at)).toBe(previousEnd - 5 * 60_000);
    sim.setFaults({});
    await readUntilDone(sim, second.cursor, seen);

    // 429s were answered; the client waited and sent those requests again instead of failing the read.
    expect(sim.faultCounters().rateLimited).toBeGreaterThan(0);
    expect(first.rateLimited + second.rateLimited).toBeLessThanOrEqual(1);
    const truth = sim.orders().filter((o) => o.state === 'COMPLETED');
    expect(truth.length).toBeGreaterThanOrEqual(generated.length);
    // Every order arrived, in its latest version.
    expect(truth.filter((o) => seen.get(o.id)?.version !== String(o.version)).map((o) => o.id)).toEqual([]);
    expect(seen.size).toBe(truth.length);

    const net = new Map<string, bigint>();
    const problems: string[] = [];
    for (const record of seen.values()) {
      const mapped = await engine.apply('square/transaction', record.data, {
        connectionId: 'sq',
        lookups: {},
      });
      if (!mapped.ok) {
        problems.push(`${record.externalId}: ${mapped.errors.join('; ')}`);
        continue;
      }
      const valid = validateCanonical('transaction', mapped.value);
      if (!valid.ok) {
        problems.push(`${record.externalId}: ${valid.reasons.join('; ')}`);
        continue;
      }
      const tx: SalesTransaction = valid.value;
      const sign = tx.kind === 'refund' ? -1n : 1n;
      net.set(tx.currency, (net.get(tx.currency) ?? 0n) + sign * BigInt(tx.totals.total.amount));
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(net).toEqual(netOfSimulator(truth));
    const refunds = [...seen.values()].filter((r) => ((r.data as SquareOrder).returns ?? []).length > 0);
    expect(refunds.length).toBeGreaterThan(0);
  }, 120_000);

  it('sends only requests the official spec accepts', () => {
    const validator = loadOpenApi(SPEC);
    const problems = sim
      .requestLog()
      .flatMap((e) =>
        validator.validateRequest(e.method, e.path, e.body).map((p) => `${e.method} ${e.path}: ${p}`),
      );
    expect(sim.requestLog().length).toBeGreaterThan(10);
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
