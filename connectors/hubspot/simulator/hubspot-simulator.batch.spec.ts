import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

const ids = (results: { id: string }[]) => results.map((r) => r.id);

describe('HubSpotSimulator batch routes', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 3 });
  });
  afterEach(() => sim.close());

  it('upserts by email: creates first (new: true), then updates (new: false)', async () => {
    const inputs = [
      { id: 'a@x.io', idProperty: 'email', properties: { firstname: 'A' } },
      { id: 'B@x.io', idProperty: 'email', properties: { firstname: 'B' } },
    ];
    const first = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'COMPLETE',
      startedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(first.body.results.every((r: { new: boolean }) => r.new)).toBe(true);
    inputs[1]!.properties.firstname = 'Bee';
    const second = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs });
    expect(second.body.results.map((r: { new: boolean }) => r.new)).toEqual([false, false]);
    expect(ids(second.body.results).sort()).toEqual(ids(first.body.results).sort());
    const b = second.body.results.find(
      (r: { properties: { email: string } }) => r.properties.email === 'b@x.io',
    );
    expect(b.properties.firstname).toBe('Bee');
    expect(sim.objects('contacts')).toHaveLength(2);
    expect(sim.counters.creates.contacts).toBe(2);
    expect(sim.counters.writes).toBe(4);
    expect(sim.duplicates()).toBe(0);
  });

  it('upserts by a unique custom property and refuses non-unique or hs_object_id idProperty', async () => {
    await hubspotCall(sim, 'POST', '/crm/v3/properties/line_items', {
      name: 'poshub_line_key',
      label: 'Line key',
      type: 'string',
      fieldType: 'text',
      groupName: 'lineiteminformation',
      hasUniqueValue: true,
    });
    const body = {
      inputs: [
        {
          id: 'T1:1',
          idProperty: 'poshub_line_key',
          properties: { name: 'Tea', quantity: '2', price: '3.5' },
        },
      ],
    };
    const a = await hubspotCall(sim, 'POST', '/crm/v3/objects/line_items/batch/upsert', body);
    expect(a.body.results[0]).toMatchObject({
      new: true,
      properties: { poshub_line_key: 'T1:1', amount: '7' },
    });
    const b = await hubspotCall(sim, 'POST', '/crm/v3/objects/line_items/batch/upsert', body);
    expect(b.body.results[0]).toMatchObject({ new: false, id: a.body.results[0].id });
    for (const idProperty of ['name', 'hs_object_id', undefined]) {
      const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/line_items/batch/upsert', {
        inputs: [{ id: '1', idProperty, properties: {} }],
      });
      expect(res.status).toBe(400);
    }
    expect(sim.duplicates()).toBe(0);
  });

  it('without objectWriteTraceId, one bad input rejects the whole batch and writes nothing', async () => {
    sim.createObject('contacts', { email: 'taken@x.io' });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'new1@x.io' } }, { properties: { email: 'taken@x.io' } }],
    });
    expect(res.status).toBe(409);
    expect(res.body.category).toBe('CONFLICT');
    expect(sim.objects('contacts')).toHaveLength(1);
    expect(sim.counters.writes).toBe(0);
    const invalid = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'new2@x.io' } }, { properties: { nope: '1' } }],
    });
    expect(invalid.status).toBe(400);
    expect(sim.objects('contacts')).toHaveLength(1);
  });

  it('with objectWriteTraceId, writes the good inputs and answers 207 with traced errors', async () => {
    sim.createObject('contacts', { email: 'taken@x.io' });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'new1@x.io' }, objectWriteTraceId: 't1' },
        { properties: { email: 'taken@x.io' }, objectWriteTraceId: 't2' },
        { properties: { nope: 'x' }, objectWriteTraceId: 't3' },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body.numErrors).toBe(2);
    expect(res.body.results).toHaveLength(1);
    const byTrace = Object.fromEntries(
      res.body.errors.map((e: { context: { objectWriteTraceId: string[] } }) => [
        e.context.objectWriteTraceId[0],
        e,
      ]),
    );
    expect(byTrace.t2).toMatchObject({ status: 'error', category: 'CONFLICT' });
    expect(byTrace.t3).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(sim.objects('contacts')).toHaveLength(2);
    expect(sim.counters.creates.contacts).toBe(1);
  });

  it('answers results in a shuffled (seeded) order, not input order', async () => {
    const inputs = Array.from({ length: 30 }, (_, i) => ({ properties: { dealname: `D${i}` } }));
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/create', { inputs });
    expect(res.status).toBe(201);
    const names = res.body.results.map((r: { properties: { dealname: string } }) => r.properties.dealname);
    expect(names).not.toEqual(inputs.map((i) => i.properties.dealname));
    expect([...names].sort()).toEqual(inputs.map((i) => i.properties.dealname).sort());
  });

  it('limits batches to 100 inputs and refuses duplicate ids', async () => {
    const many = Array.from({ length: 101 }, () => ({ properties: { dealname: 'x' } }));
    expect(
      (await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/create', { inputs: many })).status,
    ).toBe(400);
    const d = sim.createObject('deals', { dealname: 'd' });
    const dup = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/update', {
      inputs: [
        { id: d.id, properties: { dealname: 'a' } },
        { id: d.id, properties: { dealname: 'b' } },
      ],
    });
    expect(dup.status).toBe(400);
    const dupUpsert = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'a@x.io', idProperty: 'email', properties: {} },
        { id: 'A@x.io', idProperty: 'email', properties: {} },
      ],
    });
    expect(dupUpsert.status).toBe(400);
    expect(sim.object('deals', d.id)!.properties.dealname).toBe('d');
  });

  it('updates by id, refuses update by email, and reports missing ids', async () => {
    const c = sim.createObject('contacts', { email: 'u@x.io' });
    const ok = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: c.id, properties: { firstname: 'U' } }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].properties.firstname).toBe('U');
    const byEmail = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: 'u@x.io', idProperty: 'email', properties: { firstname: 'V' } }],
    });
    expect(byEmail.status).toBe(400);
    expect(byEmail.body.message).toContain('non-unique 0-1 property');
    const traced = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: c.id, properties: { lastname: 'W' }, objectWriteTraceId: 'a' },
        { id: '424242', properties: { lastname: 'W' }, objectWriteTraceId: 'b' },
      ],
    });
    expect(traced.status).toBe(207);
    expect(traced.body.errors[0]).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      context: { objectWriteTraceId: ['b'], ids: ['424242'] },
    });
    const untraced = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [{ id: '424242', properties: { lastname: 'X' } }],
    });
    expect(untraced.status).toBe(404);
  });

  it('reads in batch (207 listing missing ids) and archives in batch (204)', async () => {
    const a = sim.createObject('deals', { dealname: 'a', amount: '10.50' });
    const b = sim.createObject('deals', { dealname: 'b' });
    const read = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/read', {
      inputs: [{ id: a.id }, { id: b.id }, { id: '1' }],
      properties: ['amount'],
    });
    expect(read.status).toBe(207);
    expect(ids(read.body.results).sort()).toEqual([a.id, b.id].sort());
    expect(read.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['1'] } });
    const archive = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/archive', {
      inputs: [{ id: a.id }],
    });
    expect(archive.status).toBe(204);
    expect(sim.objects('deals').map((d) => d.id)).toEqual([b.id]);
  });

  it('creates with inline associations in batch', async () => {
    const c = sim.createObject('contacts', { email: 'c@x.io' });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals/batch/create', {
      inputs: [
        {
          properties: { dealname: 'with contact' },
          associations: [
            { to: { id: c.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
          ],
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(sim.associations('contacts', c.id, 'deals')).toEqual([
      { toObjectId: res.body.results[0].id, typeIds: [4] },
    ]);
  });
});
