import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

const T = (associationTypeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId });

describe('HubSpotSimulator associations v4', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start();
  });
  afterEach(() => sim.close());

  it('PUT default associates both ways; repeating it is a no-op success', async () => {
    const deal = sim.createObject('deals', { dealname: 'd' });
    const contact = sim.createObject('contacts', { email: 'c@x.io' });
    const path = `/crm/v4/objects/deals/${deal.id}/associations/default/contacts/${contact.id}`;
    const res = await hubspotCall(sim, 'PUT', path);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('COMPLETE');
    expect(res.body.results[0]).toEqual({
      from: { id: deal.id },
      to: { id: contact.id },
      associationSpec: T(3),
    });
    expect(sim.associations('contacts', contact.id, 'deals')).toEqual([
      { toObjectId: deal.id, typeIds: [4] },
    ]);
    expect(sim.counters.writes).toBe(1);
    expect((await hubspotCall(sim, 'PUT', path)).status).toBe(200);
    expect(sim.counters.writes).toBe(1);
    const listed = await hubspotCall(sim, 'GET', `/crm/v4/objects/contacts/${contact.id}/associations/deals`);
    expect(listed.body.results).toEqual([
      {
        toObjectId: Number(deal.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
      },
    ]);
  });

  it('PUT with types checks the type id, and 404s unknown records', async () => {
    const deal = sim.createObject('deals', { dealname: 'd' });
    const item = sim.createObject('line_items', { name: 'x', quantity: '1', price: '1' });
    const ok = await hubspotCall(
      sim,
      'PUT',
      `/crm/v4/objects/line_items/${item.id}/associations/deals/${deal.id}`,
      [T(20)],
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      fromObjectTypeId: '0-8',
      toObjectTypeId: '0-3',
      toObjectId: Number(deal.id),
    });
    expect(sim.associations('deals', deal.id, 'line_items')).toEqual([
      { toObjectId: item.id, typeIds: [19] },
    ]);
    const wrong = await hubspotCall(
      sim,
      'PUT',
      `/crm/v4/objects/line_items/${item.id}/associations/deals/${deal.id}`,
      [T(3)],
    );
    expect(wrong.status).toBe(400);
    const pair = await hubspotCall(
      sim,
      'PUT',
      `/crm/v4/objects/contacts/1/associations/default/line_items/2`,
    );
    expect(pair.status).toBe(400);
    const missing = await hubspotCall(
      sim,
      'PUT',
      `/crm/v4/objects/deals/${deal.id}/associations/default/contacts/999`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('creates inline associations on create and rejects bad ones', async () => {
    const contact = sim.createObject('contacts', { email: 'c@x.io' });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'd' },
      associations: [{ to: { id: contact.id }, types: [T(3)] }],
    });
    expect(res.status).toBe(201);
    expect(sim.associations('deals', res.body.id, 'contacts')).toEqual([
      { toObjectId: contact.id, typeIds: [3] },
    ]);
    expect(sim.associations('contacts', contact.id, 'deals')).toEqual([
      { toObjectId: res.body.id, typeIds: [4] },
    ]);
    for (const associations of [
      [{ to: { id: '999' }, types: [T(3)] }],
      [{ to: { id: contact.id }, types: [T(4)] }],
    ]) {
      const bad = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
        properties: { dealname: 'e' },
        associations,
      });
      expect(bad.status).toBe(400);
    }
    expect(sim.objects('deals')).toHaveLength(1);
  });

  it('batch create (207 for unknown ids), associate/default, read, archive', async () => {
    const deal = sim.createObject('deals', { dealname: 'd' });
    const items = [1, 2, 3].map((i) =>
      sim.createObject('line_items', { name: `i${i}`, quantity: '1', price: '2' }),
    );
    const created = await hubspotCall(sim, 'POST', '/crm/v4/associations/deals/line_items/batch/create', {
      inputs: [
        { from: { id: deal.id }, to: { id: items[0]!.id }, types: [T(19)] },
        { from: { id: deal.id }, to: { id: '999' }, types: [T(19)] },
      ],
    });
    expect(created.status).toBe(207);
    expect(created.body.numErrors).toBe(1);
    expect(created.body.results).toHaveLength(1);
    const def = await hubspotCall(
      sim,
      'POST',
      '/crm/v4/associations/line_items/deals/batch/associate/default',
      {
        inputs: [{ from: { id: items[1]!.id }, to: { id: deal.id } }],
      },
    );
    expect(def.status).toBe(200);
    expect(def.body.results[0].associationSpec).toEqual(T(20));
    const read = await hubspotCall(sim, 'POST', '/crm/v4/associations/deals/line_items/batch/read', {
      inputs: [{ id: deal.id }],
    });
    expect(read.body.results[0].to.map((t: { toObjectId: number }) => t.toObjectId)).toEqual(
      [items[0]!.id, items[1]!.id].map(Number),
    );
    const archived = await hubspotCall(sim, 'POST', '/crm/v4/associations/deals/line_items/batch/archive', {
      inputs: [{ from: { id: deal.id }, to: [{ id: items[0]!.id }] }],
    });
    expect(archived.status).toBe(204);
    expect(sim.associations('line_items', items[0]!.id, 'deals')).toEqual([]);
    expect(sim.associations('deals', deal.id, 'line_items')).toEqual([
      { toObjectId: items[1]!.id, typeIds: [19] },
    ]);
  });

  it('pages the association list', async () => {
    const deal = sim.createObject('deals', { dealname: 'd' });
    for (let i = 0; i < 5; i++) {
      const c = sim.createObject('contacts', { email: `c${i}@x.io` });
      await hubspotCall(sim, 'PUT', `/crm/v4/objects/deals/${deal.id}/associations/default/contacts/${c.id}`);
    }
    const first = await hubspotCall(
      sim,
      'GET',
      `/crm/v4/objects/deals/${deal.id}/associations/contacts?limit=3`,
    );
    expect(first.body.results).toHaveLength(3);
    const next = await hubspotCall(
      sim,
      'GET',
      `/crm/v4/objects/deals/${deal.id}/associations/contacts?limit=3&after=${first.body.paging.next.after}`,
    );
    expect(next.body.results).toHaveLength(2);
    expect(next.body.paging).toBeUndefined();
  });
});
