import { HubSpotClient } from '../../connectors/hubspot/hubspot.client';
import { HubSpotConfigSchema } from '../../connectors/hubspot/hubspot.config';
import { hubspot } from '../../connectors/hubspot/hubspot.connector';
import { readCustomers } from '../../connectors/hubspot/hubspot-customers.reader';
import { simConfig, simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { createConnectorContext, type SourcePage } from '../../src/sdk';
import { readAll } from '../fakes/connector-harness';

const ids = (pages: SourcePage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId));

describe('hubspot customers stream against the simulator', () => {
  let sim: HubSpotSimulator;

  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 21 });
  });
  afterEach(() => {
    sim.onSearchPage(undefined);
    return sim.close();
  });

  it('reads 450 contacts in pages of 100 while earlier ones change between pages, then resumes', async () => {
    const seeded = sim.seedContacts(450);
    const hs = simInstance(sim, { pageSize: 100, overlapSeconds: 0 });
    const changed: string[] = [];
    // Between pages, edit contacts already read (they move to the end of the sort) and add one.
    sim.onSearchPage((page) => {
      if (page === 0) return;
      const target = seeded[page * 7]!;
      sim.updateObject('contacts', target.id, { firstname: `Edited${page}` });
      changed.push(target.id);
      seeded.push(sim.createObject('contacts', { email: `late-${page}@example.com` }));
    });
    const pages = await readAll(hs, 'customers', null);
    sim.onSearchPage(undefined);
    const read = new Set(ids(pages));
    for (const c of seeded) expect(read.has(c.id)).toBe(true);
    // The edited versions were read too (the ledger keeps the newest).
    for (const id of changed) {
      const versions = pages.flatMap((p) => p.records).filter((r) => r.externalId === id);
      expect(versions.length).toBeGreaterThanOrEqual(1);
      expect((versions.at(-1)!.data as { properties: { firstname: string } }).properties.firstname).toMatch(
        /^Edited/,
      );
    }
    expect(pages.every((p) => p.cursor !== null)).toBe(true);

    // Resume from the last cursor: only what changed after it comes back.
    const last = pages.at(-1)!.cursor;
    expect(ids(await readAll(hs, 'customers', last)).length).toBeLessThan(5);
    await new Promise((r) => setTimeout(r, 5));
    const fresh = sim.createObject('contacts', { email: 'fresh@example.com', firstname: 'Fresh' });
    const resumed = ids(await readAll(hs, 'customers', last));
    expect(resumed).toContain(fresh.id);

    // A crash after any page: resuming from that page's cursor loses nothing.
    const middle = pages[2]!.cursor;
    const before = new Set(ids(pages.slice(0, 3)));
    const after = new Set(ids(await readAll(hs, 'customers', middle)));
    for (const c of seeded) expect(before.has(c.id) || after.has(c.id)).toBe(true);
  });

  it('slides the search window before the result cap instead of paging past it', async () => {
    sim.seedContacts(120);
    const config = HubSpotConfigSchema.parse(simConfig(sim, { pageSize: 10 }));
    const client = new HubSpotClient(
      createConnectorContext(hubspot.manifest, { connectionId: 'hs-cap', config }),
    );
    const pages: SourcePage[] = [];
    // A cap of 25 results per search (HubSpot's is 10,000): paging by offset alone would fail at 30.
    for await (const page of readCustomers(client, null, config, { cap: 25 })) pages.push(page);
    expect(new Set(ids(pages)).size).toBe(120);
  });

  it('fetches contacts by id (webhook follow-up), skipping ids HubSpot no longer has', async () => {
    const [a, b] = sim.seedContacts(2);
    const hs = simInstance(sim);
    const records = await hs.fetch!('customers', [a!.id, '987654321', b!.id]);
    expect(records.map((r) => r.externalId).sort()).toEqual([a!.id, b!.id].sort());
    expect(records[0]!.version).toBeDefined();
  });
});
