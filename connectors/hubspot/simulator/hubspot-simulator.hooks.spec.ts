import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

describe('HubSpotSimulator request hooks', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 7 });
  });
  afterEach(() => sim.close());

  it('holds a matching request before it is handled until the hook resolves', async () => {
    const created = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'held@example.com', firstname: 'Before' },
    });
    const path = `/crm/v3/objects/contacts/${created.body.id}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached = false;
    const remove = sim.onRequest('PATCH', path, {
      before: async () => {
        reached = true;
        await held;
      },
    });

    const patch = hubspotCall(sim, 'PATCH', path, { properties: { firstname: 'After' } });
    while (!reached) await new Promise((r) => setTimeout(r, 5));
    // Held before handling: the record is unchanged, and other requests are answered meanwhile.
    const read = await hubspotCall(sim, 'GET', `${path}?properties=firstname`);
    expect(read.body.properties.firstname).toBe('Before');
    release();
    expect((await patch).status).toBe(200);
    expect(sim.object('contacts', created.body.id)!.properties.firstname).toBe('After');

    // Removed: the next PATCH is not held (the hook would throw if it ran).
    remove();
    sim.onRequest('PATCH', '/crm/v3/objects/contacts/other', {
      before: () => Promise.reject(new Error('x')),
    });
    expect((await hubspotCall(sim, 'PATCH', path, { properties: { firstname: 'Again' } })).status).toBe(200);
  });

  it('runs `after` hooks once the request is handled, before the answer is sent', async () => {
    const created = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'after@example.com', firstname: 'A' },
    });
    const path = `/crm/v3/objects/contacts/${created.body.id}`;
    const seen: (string | null | undefined)[] = [];
    sim.onRequest('patch', path, {
      before: () => void seen.push(sim.object('contacts', created.body.id)!.properties.firstname),
      after: () => void seen.push(sim.object('contacts', created.body.id)!.properties.firstname),
    });
    await hubspotCall(sim, 'PATCH', path, { properties: { firstname: 'B' } });
    expect(seen).toEqual(['A', 'B']);
  });
});
