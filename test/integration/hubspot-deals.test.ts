import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import {
  contactPayload,
  item,
  refundPayload,
  salePayload,
  simInstance,
} from '../../connectors/hubspot/hubspot.spec-helper';
import { TransientError, type BatchItem, type BatchItemResult, type ConnectorInstance } from '../../src/sdk';

function okIds(results: BatchItemResult[]): string[] {
  return results.map((r) => {
    if (!r.ok) throw r.error;
    return r.result.externalId;
  });
}

/** Writes in batches of 100 like the hub; a batch that throws is retried item by item (as the hub does). */
async function deliver(hs: ConnectorInstance, items: readonly BatchItem[]): Promise<BatchItemResult[]> {
  const out: BatchItemResult[] = [];
  for (let i = 0; i < items.length; i += 100) {
    const part = items.slice(i, i + 100);
    try {
      out.push(...(await hs.writeBatch!('deal', part)));
    } catch (err) {
      if (!(err instanceof TransientError)) throw err;
      for (const one of part) {
        out.push({ ok: true, result: await hs.write!('deal', one.payload, one.options) });
      }
    }
  }
  return out;
}

describe('hubspot connector: deals against the simulator', () => {
  let sim: HubSpotSimulator;
  let hs: ConnectorInstance;
  let contactIds: string[];

  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 11 });
    hs = simInstance(sim);
    const contacts = await hs.writeBatch!(
      'contact',
      Array.from({ length: 10 }, (_, n) => item(contactPayload(n), `poshub:c-${n}`)),
    );
    contactIds = okIds(contacts);
  });
  afterEach(() => sim.close());

  const lineItemsOf = (dealId: string) =>
    sim.associations('deals', dealId, 'line_items').map((a) => sim.object('line_items', a.toObjectId)!);

  it('300 sales with line items and contacts; replays after crashes converge to one of everything', async () => {
    const sales = Array.from({ length: 300 }, (_, n) =>
      item(salePayload(n, contactIds[n % 10]), `poshub:s-${n}`),
    );
    const requestsBefore = sim.counters.requests;
    const first = await deliver(hs, sales);
    // About five calls per 100 deals: upsert, line items (2 × 100), association (+ reads when not new).
    expect(sim.counters.requests - requestsBefore).toBeLessThanOrEqual(20);
    expect(first.every((r) => r.ok && r.result.created)).toBe(true);

    // Crash-like replays: writes that commit and then answer 500, then clean replays.
    sim.setFaults({ commitThenErrorRate: 0.3, seed: 5 });
    for (let round = 0; round < 3; round += 1) {
      await deliver(hs, sales).catch(() => undefined);
    }
    sim.setFaults({});
    const final = await deliver(hs, sales);
    expect(okIds(final)).toEqual(okIds(first));
    expect(final.every((r) => r.ok && !r.result.created)).toBe(true);

    expect(sim.objects('deals')).toHaveLength(300);
    expect(sim.duplicates()).toBe(0);
    for (const [n, dealId] of okIds(first).entries()) {
      const keys = lineItemsOf(dealId)
        .map((l) => l.properties.poshub_line_key)
        .sort();
      expect(keys).toEqual([`poshub:s-${n}#L1`, `poshub:s-${n}#tax`]);
      expect(sim.associations('deals', dealId, 'contacts').map((a) => a.toObjectId)).toEqual([
        contactIds[n % 10],
      ]);
    }
    expect(sim.objects('line_items')).toHaveLength(600);
    const deal = sim.object('deals', okIds(first)[0]!)!;
    expect(deal.properties).toMatchObject({
      amount: '11.50',
      poshub_sale_amount: '11.50',
      pipeline: 'default',
      dealstage: 'closedwon',
      deal_currency_code: 'USD',
    });
  });

  it('an edited sale: new lines are added and removed lines archived, refund lines kept', async () => {
    const [sale] = okIds(await hs.writeBatch!('deal', [item(salePayload(1), 'poshub:s-1')]));
    await hs.write!('deal', refundPayload(sale), { reference: 'poshub:r-1', idempotencyKey: 'r1' });
    const edited = salePayload(1);
    edited.lineItems = [
      edited.lineItems[0]!,
      { key: 'L3', properties: { name: 'Muffin', quantity: '1', price: '2.50' } },
    ];
    await hs.write!('deal', edited, { reference: 'poshub:s-1', idempotencyKey: 's1v2' });
    const keys = lineItemsOf(sale!)
      .map((l) => l.properties.poshub_line_key)
      .sort();
    expect(keys).toEqual(['poshub:r-1#L1', 'poshub:r-1#tax', 'poshub:s-1#L1', 'poshub:s-1#L3']);
    // The re-upserted sale still shows its refund: 11.50 − 4.68.
    expect(sim.object('deals', sale!)!.properties.amount).toBe('6.82');
  });

  it('refund policy negative-line-items: negative lines on the original deal, amount net, replay-safe', async () => {
    const [sale] = okIds(await hs.writeBatch!('deal', [item(salePayload(2, contactIds[0]), 'poshub:s-2')]));
    const options = { reference: 'poshub:r-2', idempotencyKey: 'r2' };
    const result = await hs.write!('deal', refundPayload(sale), options);
    expect(result).toEqual({ externalId: `${sale}#poshub:r-2`, created: false });
    await hs.write!('deal', refundPayload(sale), options);
    const second = {
      ...refundPayload(sale),
      properties: { ...refundPayload(sale).properties, amount: '1.00' },
    };
    second.lineItems = [{ key: 'L9', properties: { name: 'Cookie', quantity: '1', price: '1.00' } }];
    await hs.write!('deal', second, { reference: 'poshub:r-3', idempotencyKey: 'r3' });

    const props = sim.object('deals', sale!)!.properties;
    expect(props.amount).toBe('5.82');
    expect(props.poshub_sale_amount).toBe('11.50');
    expect(JSON.parse(props.poshub_refunds!)).toEqual({ 'poshub:r-2': '4.68', 'poshub:r-3': '1.00' });
    const refundLines = lineItemsOf(sale!).filter((l) =>
      l.properties.poshub_line_key!.startsWith('poshub:r-2#'),
    );
    expect(refundLines.map((l) => l.properties.price).sort()).toEqual(['-0.43', '-4.25']);
    expect(sim.objects('deals')).toHaveLength(1);
    expect(sim.duplicates()).toBe(0);
  });

  it('refund policy refund-deal (and the fallback without an original): a negative deal of its own', async () => {
    const own = simInstance(sim, { refundPolicy: 'refund-deal', refundDealStage: 'closedlost' });
    const [sale] = okIds(await own.writeBatch!('deal', [item(salePayload(3), 'poshub:s-3')]));
    const refund = { ...refundPayload(sale), contactId: contactIds[1] };
    const result = await own.write!('deal', refund, { reference: 'poshub:r-4', idempotencyKey: 'r4' });
    expect(result.created).toBe(true);
    expect(result.externalId).not.toBe(sale);
    const again = await own.write!('deal', refund, { reference: 'poshub:r-4', idempotencyKey: 'r4' });
    expect(again).toEqual({ externalId: result.externalId, created: false });
    const deal = sim.object('deals', result.externalId)!.properties;
    expect(deal).toMatchObject({
      amount: '-4.68',
      dealstage: 'closedlost',
      dealname: 'Refund Store - receipt R1',
    });
    expect(
      lineItemsOf(result.externalId)
        .map((l) => l.properties.price)
        .sort(),
    ).toEqual(['-0.43', '-4.25']);
    expect(sim.associations('deals', result.externalId, 'contacts').map((a) => a.toObjectId)).toEqual([
      contactIds[1],
    ]);
    expect(sim.object('deals', sale!)!.properties.amount).toBe('11.50');

    // Default policy, but the sale never reached HubSpot: same outcome.
    const orphan = await hs.write!('deal', refundPayload(), {
      reference: 'poshub:r-5',
      idempotencyKey: 'r5',
    });
    expect(sim.object('deals', orphan.externalId)!.properties.amount).toBe('-4.68');
    expect(sim.duplicates()).toBe(0);
  });

  it('a deal whose contact no longer exists fails alone with a clear error', async () => {
    const results = await hs.writeBatch!('deal', [
      item(salePayload(4, '999999'), 'poshub:s-4'),
      item(salePayload(5, contactIds[2]), 'poshub:s-5'),
    ]);
    expect(results[1]!.ok).toBe(true);
    expect(results[0]!.ok).toBe(false);
    if (!results[0]!.ok) expect(results[0]!.error.message).toContain('999999');
  });
});
