import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

describe('HubSpotSimulator single-record routes', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 7 });
  });
  afterEach(() => sim.close());

  it('creates (201), reads, patches and archives a contact; values are strings', async () => {
    const created = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'An.Vo@Example.com', firstname: 'An', phone: 84901234567 },
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect(id).toMatch(/^\d+$/);
    expect(created.body.properties).toMatchObject({
      email: 'an.vo@example.com',
      firstname: 'An',
      phone: '84901234567',
      lastname: null,
      hs_object_id: id,
    });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const read = await hubspotCall(sim, 'GET', `/crm/v3/objects/contacts/${id}?properties=city,phone`);
    expect(Object.keys(read.body.properties).sort()).toEqual(
      [
        'city',
        'createdate',
        'email',
        'firstname',
        'hs_object_id',
        'lastmodifieddate',
        'lastname',
        'phone',
      ].sort(),
    );
    const byEmail = await hubspotCall(sim, 'GET', '/crm/v3/objects/0-1/AN.VO@example.com?idProperty=email');
    expect(byEmail.body.id).toBe(id);

    const patched = await hubspotCall(sim, 'PATCH', `/crm/v3/objects/contacts/${id}`, {
      properties: { lastname: 'Vo', phone: '' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ lastname: 'Vo', phone: null });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    expect(sim.object('contacts', id)!.properties.lastmodifieddate).toBe(patched.body.updatedAt);

    expect((await hubspotCall(sim, 'DELETE', `/crm/v3/objects/contacts/${id}`)).status).toBe(204);
    expect((await hubspotCall(sim, 'DELETE', `/crm/v3/objects/contacts/${id}`)).status).toBe(204);
    const gone = await hubspotCall(sim, 'GET', `/crm/v3/objects/contacts/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.category).toBe('OBJECT_NOT_FOUND');
    const archived = await hubspotCall(sim, 'GET', `/crm/v3/objects/contacts/${id}?archived=true`);
    expect(archived.body.archived).toBe(true);
    expect(sim.objects('contacts')).toHaveLength(0);
    expect(sim.counters.writes).toBe(3);
    expect(sim.counters.creates).toEqual({ contacts: 1 });
  });

  it('answers 404 for unknown ids on GET, PATCH and DELETE', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await hubspotCall(
        sim,
        method,
        '/crm/v3/objects/deals/999999',
        method === 'PATCH' ? { properties: {} } : undefined,
      );
      expect([method, res.status, res.body?.category]).toEqual([method, 404, 'OBJECT_NOT_FOUND']);
    }
  });

  it('refuses a second contact with the same email, case-insensitively (409)', async () => {
    const first = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'a@x.io' },
    });
    const dupe = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'A@X.IO' },
    });
    expect(dupe.status).toBe(409);
    expect(dupe.body).toMatchObject({
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${first.body.id}`,
    });
    const other = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'b@x.io' },
    });
    const clash = await hubspotCall(sim, 'PATCH', `/crm/v3/objects/contacts/${other.body.id}`, {
      properties: { email: 'a@x.io' },
    });
    expect(clash.status).toBe(409);
    expect(sim.counters.conflicts).toBe(2);
    expect(sim.duplicates()).toBe(0);
  });

  it('pages GET lists with an id cursor (limit ≤ 100) that survives inserts', async () => {
    sim.seedContacts(25);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await hubspotCall(
        sim,
        'GET',
        `/crm/v3/objects/contacts?limit=10${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      after = res.body.paging?.next.after;
      if (after) expect(res.body.paging.next.link).toContain(`after=${after}`);
      if (pages === 0) sim.createObject('contacts', { email: 'late@x.io' });
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect((await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts?limit=101')).status).toBe(400);
    expect((await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts')).body.results).toHaveLength(10);
  });

  it('seeds deterministic contacts with distinct emails', async () => {
    const a = sim.seedContacts(30).map((c) => c.properties.email);
    const other = await HubSpotSimulator.start({ seed: 7 });
    try {
      expect(other.seedContacts(30).map((c) => c.properties.email)).toEqual(a);
    } finally {
      await other.close();
    }
    expect(new Set(a).size).toBe(30);
    expect(sim.duplicates()).toBe(0);
    expect(sim.counters.writes).toBe(0);
  });

  it('returns associations inline on GET when asked', async () => {
    const contact = sim.createObject('contacts', { email: 'c@x.io' });
    const deal = await hubspotCall(sim, 'POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'd' },
      associations: [
        { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
      ],
    });
    const read = await hubspotCall(sim, 'GET', `/crm/v3/objects/contacts/${contact.id}?associations=deals`);
    expect(read.body.associations.deals.results).toEqual([{ id: deal.body.id, type: 'contact_to_deal' }]);
  });
});
