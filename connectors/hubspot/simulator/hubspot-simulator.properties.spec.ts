import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

describe('HubSpotSimulator properties and values', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start();
  });
  afterEach(() => sim.close());

  const externalId = {
    name: 'poshub_transaction_id',
    label: 'POS transaction id',
    type: 'string',
    fieldType: 'text',
    groupName: 'dealinformation',
    hasUniqueValue: true,
  };

  it('lists built-in properties and answers 404 for unknown names', async () => {
    const res = await hubspotCall(sim, 'GET', '/crm/v3/properties/contacts');
    const names = res.body.results.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['email', 'firstname', 'lifecyclestage', 'hs_object_id']));
    const email = await hubspotCall(sim, 'GET', '/crm/v3/properties/0-1/email');
    expect(email.body).toMatchObject({ name: 'email', type: 'string', groupName: 'contactinformation' });
    const missing = await hubspotCall(sim, 'GET', '/crm/v3/properties/contacts/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('creates a property (201), refuses a second one (409) and bad definitions (400)', async () => {
    const created = await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', externalId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'poshub_transaction_id', hasUniqueValue: true });
    expect(sim.propertyDefinitions('deals').some((p) => p.name === 'poshub_transaction_id')).toBe(true);
    const again = await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', externalId);
    expect(again.status).toBe(409);
    expect(again.body.category).toBe('CONFLICT');
    const badGroup = await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', {
      ...externalId,
      name: 'x1',
      groupName: 'nope',
    });
    expect(badGroup.status).toBe(400);
    const badField = await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', {
      ...externalId,
      name: 'x2',
      type: 'number',
      fieldType: 'select',
    });
    expect(badField.status).toBe(400);
    const badType = await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', {
      ...externalId,
      name: 'x3',
      type: 'money',
    });
    expect(badType.status).toBe(400);
  });

  it('creates property groups and refuses an existing name', async () => {
    const g = await hubspotCall(sim, 'POST', '/crm/v3/properties/line_items/groups', {
      name: 'poshub',
      label: 'poshub',
    });
    expect(g.status).toBe(201);
    expect(
      (await hubspotCall(sim, 'POST', '/crm/v3/properties/0-8/groups', { name: 'poshub', label: 'x' }))
        .status,
    ).toBe(409);
    const list = await hubspotCall(sim, 'GET', '/crm/v3/properties/line_items/groups');
    expect(list.body.results.map((x: { name: string }) => x.name)).toEqual(['lineiteminformation', 'poshub']);
  });

  it('enforces unique property values with 409 naming property, value and existing id', async () => {
    await hubspotCall(sim, 'POST', '/crm/v3/properties/deals', externalId);
    const first = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Sale 1', poshub_transaction_id: 'T-1' },
    });
    expect(first.status).toBe(201);
    const second = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Sale 1 again', poshub_transaction_id: 'T-1' },
    });
    expect(second.status).toBe(409);
    expect(second.body.category).toBe('CONFLICT');
    expect(second.body.message).toContain('poshub_transaction_id');
    expect(second.body.message).toContain('T-1');
    expect(second.body.message).toContain(first.body.id);
    expect(sim.counters.conflicts).toBe(1);
    expect(sim.duplicates()).toBe(0);
  });

  it('rejects unknown, read-only and malformed values with VALIDATION_ERROR', async () => {
    const unknown = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', { properties: { x: '1' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.category).toBe('VALIDATION_ERROR');
    expect(unknown.body.message).toContain('Property \\"x\\" does not exist');
    expect(unknown.body.errors[0]).toMatchObject({
      message: 'Property "x" does not exist',
      code: 'PROPERTY_DOESNT_EXIST',
    });
    const cases: [string, Record<string, unknown>, string][] = [
      ['deals', { amount: '12,50' }, 'INVALID_NUMBER'],
      ['deals', { closedate: 'tomorrow' }, 'INVALID_DATETIME'],
      ['deals', { pipeline: 'nope' }, 'INVALID_OPTION'],
      ['deals', { dealstage: 'nope' }, 'INVALID_OPTION'],
      ['deals', { deal_currency_code: 'VND' }, 'INVALID_OPTION'],
      ['contacts', { lifecyclestage: 'friend' }, 'INVALID_OPTION'],
      ['contacts', { email: 'not-an-email' }, 'INVALID_EMAIL'],
      ['contacts', { lastmodifieddate: '2024-01-01' }, 'READ_ONLY_VALUE'],
      ['line_items', { amount: '5' }, 'READ_ONLY_VALUE'],
    ];
    for (const [type, properties, code] of cases) {
      const res = await hubspotCall(sim, 'POST', `/crm/v3/objects/${type}`, { properties });
      expect([type, res.status, res.body.errors?.[0]?.code]).toEqual([type, 400, code]);
    }
    expect(sim.objects('deals')).toHaveLength(0);
  });

  it('takes date properties only at midnight UTC, datetimes as ISO or epoch ms', async () => {
    await hubspotCall(sim, 'POST', '/crm/v3/properties/contacts', {
      name: 'first_purchase',
      label: 'First purchase',
      type: 'date',
      fieldType: 'date',
      groupName: 'contactinformation',
    });
    const ok = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { first_purchase: String(Date.UTC(2024, 4, 1)) },
    });
    expect(ok.body.properties.first_purchase).toBe('2024-05-01');
    const bad = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { first_purchase: String(Date.UTC(2024, 4, 1, 13)) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('INVALID_DATE');
    const deal = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'd', closedate: String(Date.UTC(2024, 4, 1, 13, 30)), dealstage: 'closedwon' },
    });
    expect(deal.body.properties).toMatchObject({
      closedate: '2024-05-01T13:30:00.000Z',
      pipeline: 'default',
      dealstage: 'closedwon',
    });
  });

  it('computes line item amount exactly as a decimal string', async () => {
    const cases: [string, string, string | undefined, string][] = [
      ['3', '19.99', undefined, '59.97'],
      ['1.5', '2.10', undefined, '3.15'],
      ['0.1', '0.2', undefined, '0.02'],
      ['3', '10', '0.5', '28.5'],
    ];
    for (const [quantity, price, discount, amount] of cases) {
      const properties: Record<string, string> = { name: 'x', quantity, price };
      if (discount) properties.discount = discount;
      const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/line_items', { properties });
      expect(res.status).toBe(201);
      expect(res.body.properties.amount).toBe(amount);
    }
    const id = sim.objects('line_items')[0]!.id;
    const patched = await hubspotCall(sim, 'PATCH', `/crm/v3/objects/line_items/${id}`, {
      properties: { quantity: 7 },
    });
    expect(patched.body.properties.amount).toBe('139.93');
    expect(typeof patched.body.properties.quantity).toBe('string');
  });
});
