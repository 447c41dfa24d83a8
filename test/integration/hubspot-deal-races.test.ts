import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { item, refundPayload, salePayload, simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import type { DealPayload } from '../../connectors/hubspot/hubspot.payloads';
import type { ConnectorInstance } from '../../src/sdk';
import { localExclusive } from '../../src/sdk/connector-context';

/*
 * A sale edit racing a refund of the same sale (policy negative-line-items), made deterministic by
 * holding one worker's HTTP call in the simulator while the other worker runs. Two connector
 * instances share one exclusive section, as two hub workers share the Redis lock.
 */

interface Held {
  /** Resolves once the request is being held. */
  readonly reached: Promise<void>;
  release(): void;
}

/** Holds the first `method path` request at `phase` until `release()`. */
function holdOnce(sim: HubSpotSimulator, method: string, path: string, phase: 'before' | 'after'): Held {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let used = false;
  const remove = sim.onRequest(method, path, {
    [phase]: async () => {
      if (used) return;
      used = true;
      reach();
      await released;
    },
  });
  return {
    reached,
    release: () => {
      remove();
      release();
    },
  };
}

function editedSale(amount: string): DealPayload {
  const sale = salePayload(1);
  return { ...sale, properties: { ...sale.properties, amount } };
}

function refundOf(dealId: string, amount: string): DealPayload {
  const refund = refundPayload(dealId);
  return { ...refund, properties: { ...refund.properties, amount } };
}

describe('hubspot connector: a sale edit racing a refund of it', () => {
  let sim: HubSpotSimulator;
  let saleWorker: ConnectorInstance;
  let refundWorker: ConnectorInstance;
  let dealId: string;

  const writeSale = (payload: DealPayload, version: string) =>
    saleWorker.write!('deal', payload, { reference: 'poshub:s-1', idempotencyKey: `s1:${version}` });
  const writeRefund = (reference: string, amount: string) =>
    refundWorker.write!('deal', refundOf(dealId, amount), { reference, idempotencyKey: `${reference}:v1` });
  const deal = () => sim.object('deals', dealId)!.properties;

  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 21 });
    const exclusive = localExclusive();
    saleWorker = simInstance(sim, {}, { exclusive });
    refundWorker = simInstance(sim, {}, { exclusive });
    const [written] = await saleWorker.writeBatch!('deal', [item(salePayload(1), 'poshub:s-1')]);
    if (!written!.ok) throw written!.error;
    dealId = written!.result.externalId;
  });
  afterEach(() => sim.close());

  it('the sale edit lands between the refund reading the deal and patching it', async () => {
    const patch = holdOnce(sim, 'PATCH', `/crm/v3/objects/deals/${dealId}`, 'before');
    const refund = writeRefund('poshub:r-1', '4.68');
    await patch.reached; // the refund has read the sale at 11.50
    await writeSale(editedSale('20.00'), 'v2');
    expect(deal().poshub_sale_amount).toBe('20.00');
    patch.release();
    await refund;

    expect(deal().poshub_sale_amount).toBe('20.00');
    expect(deal().amount).toBe('15.32');
    expect(JSON.parse(deal().poshub_refunds!)).toEqual({ 'poshub:r-1': '4.68' });
  });

  it('a refund completes after the sale edit has read which refunds the deal carries', async () => {
    await writeRefund('poshub:r-1', '4.68');
    expect(deal().amount).toBe('6.82');
    const read = holdOnce(sim, 'POST', '/crm/v3/objects/deals/batch/read', 'after');
    const sale = writeSale(editedSale('20.00'), 'v2');
    await read.reached; // upserted at 20.00, refunds read as { r-1 }
    await writeRefund('poshub:r-2', '1.00');
    read.release();
    await sale;

    expect(deal().poshub_sale_amount).toBe('20.00');
    expect(deal().amount).toBe('14.32');
    expect(JSON.parse(deal().poshub_refunds!)).toEqual({ 'poshub:r-1': '4.68', 'poshub:r-2': '1.00' });
  });

  it('a second refund in flight while the sale carrying the first is re-upserted', async () => {
    await writeRefund('poshub:r-1', '4.68');
    const patch = holdOnce(sim, 'PATCH', `/crm/v3/objects/deals/${dealId}`, 'before');
    const refund = writeRefund('poshub:r-2', '1.00');
    await patch.reached; // the refund has read the sale at 11.50 and holds the deal's section
    const read = holdOnce(sim, 'POST', '/crm/v3/objects/deals/batch/read', 'after');
    const sale = writeSale(editedSale('20.00'), 'v2');
    await read.reached;
    // The sale's fix goes first if it can (it must wait for the refund's section to end).
    read.release();
    await Promise.race([sale, new Promise((r) => setTimeout(r, 200))]);
    patch.release();
    await Promise.all([sale, refund]);

    expect(deal().poshub_sale_amount).toBe('20.00');
    expect(deal().amount).toBe('14.32');
    expect(JSON.parse(deal().poshub_refunds!)).toEqual({ 'poshub:r-1': '4.68', 'poshub:r-2': '1.00' });
  });
});
