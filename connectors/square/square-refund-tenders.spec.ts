import { RateLimitedError, type SourcePage, type SourceRecord } from '../../src/sdk';
import { SquareSimulator, type SquareOrder } from './simulator/square-simulator';
import { fetchOrders, readOrders } from './square-orders.reader';
import { annotateRefundTenders, REFUND_TENDER_TYPE_FIELD } from './square-refund-tenders';
import { orderRecord } from './square.records';
import { stubClient } from './square.spec-helper';

const HOUR_MS = 3_600_000;
const BATCH_RETRIEVE = '/v2/orders/batch-retrieve';
const isReturn = (o: SquareOrder): boolean => (o.returns ?? []).length > 0;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('annotateRefundTenders against the Square simulator', () => {
  let sim: SquareSimulator;

  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 11 });
    // 40 sales well before everything else, so a read's first two pages of 20 hold no return.
    sim.generateOrders(40, { refundRatio: 0, at: new Date(Date.now() - 6 * HOUR_MS) });
    sim.generateOrders(160, { refundRatio: 0.25 });
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.onOrdersPage(undefined);
    sim.setFaults({});
  });

  const client = () =>
    stubClient(sim.url, { accessToken: sim.accessToken, locationIds: sim.locationIds, pageSize: 20 });
  const config = () => ({ locationIds: sim.locationIds, overlapMinutes: 5, pageSize: 20 });
  const byId = (id: string): SquareOrder | undefined => sim.orders().find((o) => o.id === id);
  /** What the connector should add to each refund: the type of the simulator's own sale tender. */
  const tenderTypes = (order: SquareOrder): (string | undefined)[] =>
    (order.refunds ?? []).map(
      (r) => byId(r.transaction_id)?.tenders?.find((t) => t.id === r.tender_id)?.type,
    );
  /** The order as Square sent it, each refund carrying the type of the tender it went back to. */
  const annotated = (order: SquareOrder, types = tenderTypes(order)): SquareOrder => {
    // toEqual would take a missing field for an undefined one: every expected type must be known.
    if (types.includes(undefined)) throw new Error(`the simulator lost a sale of ${order.id}`);
    return {
      ...order,
      refunds: (order.refunds ?? []).map((r, i) => ({ ...r, [REFUND_TENDER_TYPE_FIELD]: types[i] })),
    };
  };
  const logSince = (start: number) => sim.requestLog().slice(start);

  it('types every refund of a read by its sale tender, with one lookup per page that has returns and none otherwise', async () => {
    const start = sim.requestLog().length;
    const pages: SourcePage[] = [];
    for await (const page of readOrders(client(), null, { config: config() })) pages.push(page);

    const records = pages.flatMap((p) => p.records);
    const truth = sim.orders();
    expect(records.map((r) => r.externalId).sort()).toEqual(truth.map((o) => o.id).sort());
    const returns = truth.filter(isReturn);
    expect(returns.length).toBe(40);
    // Every sale exists, and between them the refunds went back to cards and to cash.
    const types = returns.flatMap(tenderTypes);
    expect(types).not.toContain(undefined);
    expect(new Set(types)).toEqual(new Set(['CARD', 'CASH']));
    for (const record of records) {
      const order = byId(record.externalId)!;
      expect(record.version).toBe(String(order.version));
      expect(record.data).toEqual(isReturn(order) ? annotated(order) : order);
    }

    // After each search page: a lookup of exactly that page's sales iff the page had returns.
    const log = logSince(start);
    const quiet: number[] = [];
    log.forEach((entry, i) => {
      if (entry.path !== '/v2/orders/search') return;
      const served = ((entry.response as { orders?: SquareOrder[] }).orders ?? []).filter(isReturn);
      const next = log[i + 1];
      if (served.length === 0) {
        quiet.push(i);
        expect(next?.path).not.toBe(BATCH_RETRIEVE);
        return;
      }
      const sales = new Set(served.flatMap((o) => (o.refunds ?? []).map((r) => r.transaction_id)));
      expect(next?.path).toBe(BATCH_RETRIEVE);
      const asked = (next!.body as { order_ids: string[] }).order_ids;
      expect(asked).toHaveLength(sales.size);
      expect(new Set(asked)).toEqual(sales);
      expect((next!.response as { orders: SquareOrder[] }).orders.map((o) => o.id).sort()).toEqual(
        [...sales].sort(),
      );
    });
    expect(quiet.slice(0, 2)).toEqual([0, 1]);
    expect(log.filter((e) => e.path === BATCH_RETRIEVE).length).toBeGreaterThan(0);
  });

  it('leaves a refund unannotated when its sale is missing or it names no tender, and finds the sale from returns[] without transaction_id', async () => {
    const [gone, untied, noTender] = sim.orders().filter(isReturn).map(copy);
    // A return whose sale was deleted (or is out of this token's reach).
    for (const r of gone!.refunds!) r.transaction_id = 'DELETED-SALE';
    gone!.returns![0]!.source_order_id = 'DELETED-SALE';
    // A refund without transaction_id: the sale is the return's source_order_id.
    const untiedTypes = tenderTypes(untied!);
    for (const r of untied!.refunds!) delete (r as { transaction_id?: string }).transaction_id;
    // A refund that names no tender is not looked up at all.
    for (const r of noTender!.refunds!) delete (r as { tender_id?: string }).tender_id;
    const sale = sim.orders().find((o) => !isReturn(o))!;
    const records: SourceRecord[] = [gone!, untied!, noTender!, sale].map((o, i) => orderRecord(o, `x${i}`));

    const start = sim.requestLog().length;
    const out = await annotateRefundTenders(client(), records);

    expect(out).toHaveLength(4);
    expect(out[0]).toBe(records[0]);
    expect(out[0]!.data).toEqual(gone);
    expect(out[1]!.data).toEqual(annotated(untied!, untiedTypes));
    expect(out[2]).toBe(records[2]);
    expect(out[3]).toBe(records[3]);
    const calls = logSince(start);
    expect(calls.map((c) => c.path)).toEqual([BATCH_RETRIEVE]);
    expect(new Set((calls[0]!.body as { order_ids: string[] }).order_ids)).toEqual(
      new Set(['DELETED-SALE', untied!.returns![0]!.source_order_id]),
    );
  });

  it('makes no call for records without returns, including unparsable ones', async () => {
    const start = sim.requestLog().length;
    const sales = sim
      .orders()
      .filter((o) => !isReturn(o))
      .slice(0, 5)
      .map((o) => orderRecord(o, 'x'));
    const records = [...sales, { externalId: 'junk', data: { refunds: 'not a list' } }];
    const out = await annotateRefundTenders(client(), records);
    expect(out).toEqual(records);
    expect(logSince(start)).toEqual([]);
  });

  it('types the refunds of orders fetched for webhooks, looking their sales up in one more call', async () => {
    const [a, b] = sim.orders().filter(isReturn);
    const sale = sim.orders().find((o) => !isReturn(o))!;
    const start = sim.requestLog().length;
    const records = await fetchOrders(client(), [a!.id, sale.id, b!.id]);
    expect(records.map((r) => r.data)).toEqual([annotated(a!), sale, annotated(b!)]);
    const calls = logSince(start).map((c) => (c.body as { order_ids: string[] }).order_ids);
    expect(calls).toEqual([
      [a!.id, sale.id, b!.id],
      [...new Set([...a!.refunds!, ...b!.refunds!].map((r) => r.transaction_id))],
    ]);
  });

  it('sends the lookup through the client: a 429 on it fails the read before the page is yielded', async () => {
    // Pages 1 and 2 are sales only; page 3 has returns, and everything after its search is 429ed.
    sim.onOrdersPage((page) => {
      if (page === 3) sim.setFaults({ rateLimitRate: 1 });
    });
    const start = sim.requestLog().length;
    const pages: SourcePage[] = [];
    await expect(
      (async () => {
        for await (const page of readOrders(client(), null, { config: config() })) pages.push(page);
      })(),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(pages).toHaveLength(2);
    const log = logSince(start);
    expect(log.map((e) => [e.path, e.status])).toEqual([
      ['/v2/orders/search', 200],
      ['/v2/orders/search', 200],
      ['/v2/orders/search', 200],
      [BATCH_RETRIEVE, 429],
    ]);
  });

  it('asks for at most 100 distinct sales per call', async () => {
    // Enough new returns that one page of them points at more than 100 sales.
    sim.generateOrders(300, { refundRatio: 0.4 });
    const returns = sim.orders().filter(isReturn);
    const sales = new Set(returns.flatMap((o) => (o.refunds ?? []).map((r) => r.transaction_id)));
    expect(sales.size).toBeGreaterThan(100);
    const records = [...returns, returns[0]!].map((o, i) => orderRecord(o, `x${i}`));

    const start = sim.requestLog().length;
    const out = await annotateRefundTenders(client(), records);

    const asked = logSince(start).map((c) => (c.body as { order_ids: string[] }).order_ids);
    expect(asked.map((ids) => ids.length)).toEqual([100, sales.size - 100]);
    expect(new Set(asked.flat())).toEqual(sales);
    expect(out.map((r) => r.data)).toEqual([...returns, returns[0]!].map((o) => annotated(o)));
  });
});
