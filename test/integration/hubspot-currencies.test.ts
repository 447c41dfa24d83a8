import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { item, salePayload, simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import type { DealPayload } from '../../connectors/hubspot/hubspot.payloads';
import { RejectedError, type BatchItemResult } from '../../src/sdk';

const UPSERT = '/crm/v3/objects/deals/batch/upsert';

/** Sale `n` in `currency` (the helper's sale, with its currency swapped). */
function saleIn(n: number, currency: string): DealPayload {
  const sale = salePayload(n);
  return { ...sale, properties: { ...sale.properties, deal_currency_code: currency } };
}

function errorOf(result: BatchItemResult | undefined): Error {
  if (!result || result.ok) throw new Error('expected a failed item');
  return result.error;
}

describe('hubspot connector: deal currencies against the simulator', () => {
  let sim: HubSpotSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  /** Counts the deal upserts the simulator receives. */
  function countUpserts(s: HubSpotSimulator): { calls: number } {
    const seen = { calls: 0 };
    s.onRequest('POST', UPSERT, {
      before: () => {
        seen.calls += 1;
      },
    });
    return seen;
  }

  it('on a USD-only account writes the USD sale and refuses the VND one before writing it', async () => {
    sim = await HubSpotSimulator.start({ seed: 21 });
    const hs = simInstance(sim);
    const results = await hs.writeBatch!('deal', [
      item(saleIn(1, 'USD'), 'poshub:s-usd'),
      item(saleIn(2, 'VND'), 'poshub:s-vnd'),
    ]);

    expect(results[0]).toMatchObject({ ok: true, result: { created: true } });
    const error = errorOf(results[1]);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error.message).toContain('VND');
    expect(error.message).toContain('(USD)');
    expect(error.message).toContain('Settings → Account defaults → Currency');
    expect((error as RejectedError).details).toEqual({ currency: 'VND', accountCurrencies: ['USD'] });
    expect(sim.objects('deals').map((d) => d.properties.deal_currency_code)).toEqual(['USD']);

    // A batch of VND sales only sends no deal write at all.
    const upserts = countUpserts(sim);
    const again = await hs.writeBatch!('deal', [item(saleIn(3, 'VND'), 'poshub:s-vnd-3')]);
    expect(errorOf(again[0])).toBeInstanceOf(RejectedError);
    expect(upserts.calls).toBe(0);
    expect(sim.objects('deals')).toHaveLength(1);
  });

  it('writes both sales when VND is one of the account’s additional currencies', async () => {
    sim = await HubSpotSimulator.start({ seed: 22, additionalCurrencies: ['VND'] });
    const hs = simInstance(sim);
    const results = await hs.writeBatch!('deal', [
      item(saleIn(1, 'USD'), 'poshub:s-usd'),
      item(saleIn(2, 'VND'), 'poshub:s-vnd'),
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const currencies = sim
      .objects('deals')
      .map((d) => d.properties.deal_currency_code)
      .sort();
    expect(currencies).toEqual(['USD', 'VND']);
    const vndDeal = sim.objects('deals').find((d) => d.properties.deal_currency_code === 'VND')!;
    const lines = sim.associations('deals', vndDeal.id, 'line_items');
    expect(lines).toHaveLength(2);
  });

  it('check reports the account’s deal currencies', async () => {
    sim = await HubSpotSimulator.start({ seed: 23, companyCurrency: 'EUR', additionalCurrencies: ['VND'] });
    const hs = simInstance(sim);
    await hs.setup!();
    const result = await hs.check();
    expect(result.ok).toBe(true);
    expect(result.message).toContain('deal currencies: EUR, VND');
  });
});
