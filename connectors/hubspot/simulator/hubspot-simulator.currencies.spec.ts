import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const deal = (name: string, currency: string) => ({
  dealname: name,
  amount: '10.00',
  deal_currency_code: currency,
});

describe('HubSpotSimulator account currencies', () => {
  let sim: HubSpotSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('defaults to USD only and refuses a deal in another currency with a VALIDATION_ERROR body', async () => {
    sim = await HubSpotSimulator.start({ seed: 2 });
    const info = await hubspotCall(sim, 'GET', '/account-info/v3/details');
    expect(info.body).toMatchObject({ companyCurrency: 'USD', additionalCurrencies: [] });

    const refused = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: deal('Sale in dong', 'VND'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      correlationId: expect.stringMatching(UUID),
    });
    expect(refused.body.message).toContain('VND');
    expect(refused.body.errors).toEqual([
      {
        message: 'VND was not one of the allowed options: [USD]',
        code: 'INVALID_OPTION',
        context: { propertyName: ['deal_currency_code'] },
      },
    ]);
    expect(sim.objects('deals')).toHaveLength(0);
  });

  it('refuses only the foreign-currency input of a traced batch (207), writing the others', async () => {
    sim = await HubSpotSimulator.start({ seed: 2 });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/create', {
      inputs: [
        { properties: deal('USD sale', 'USD'), objectWriteTraceId: '0' },
        { properties: deal('VND sale', 'VND'), objectWriteTraceId: '1' },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body.numErrors).toBe(1);
    expect(res.body.errors[0]).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      context: { objectWriteTraceId: ['1'] },
      errors: [expect.objectContaining({ code: 'INVALID_OPTION' })],
    });
    expect(sim.objects('deals').map((d) => d.properties.deal_currency_code)).toEqual(['USD']);
  });

  it('answers and accepts the configured company and additional currencies', async () => {
    sim = await HubSpotSimulator.start({ companyCurrency: 'EUR', additionalCurrencies: ['VND', 'USD'] });
    const info = await hubspotCall(sim, 'GET', '/account-info/v3/details');
    expect(info.body).toMatchObject({ companyCurrency: 'EUR', additionalCurrencies: ['VND', 'USD'] });

    for (const currency of ['EUR', 'VND', 'USD']) {
      const ok = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
        properties: deal(`Sale in ${currency}`, currency),
      });
      expect([currency, ok.status]).toEqual([currency, 201]);
    }
    const line = await hubspotCall(sim, 'POST', '/crm/v3/objects/line_items', {
      properties: { name: 'Pho', quantity: '1', price: '50000', hs_line_item_currency_code: 'VND' },
    });
    expect(line.status).toBe(201);
    const gbp = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: deal('Sale in pounds', 'GBP'),
    });
    expect(gbp.status).toBe(400);
    expect(gbp.body.errors[0].message).toBe('GBP was not one of the allowed options: [EUR, VND, USD]');
    expect(sim.objects('deals')).toHaveLength(3);
  });
});
