import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { contactPayload, item, simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import { RejectedError, type BatchItemResult } from '../../src/sdk';

/** The contact id of every ok result (fails the test on a failed item). */
function ids(results: BatchItemResult[]): string[] {
  return results.map((r) => {
    if (!r.ok) throw r.error;
    return r.result.externalId;
  });
}

describe('hubspot connector: setup, check and contacts against the simulator', () => {
  let sim: HubSpotSimulator;

  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ seed: 7 });
  });
  afterEach(() => sim.close());

  it('check reports missing set-up, setup creates it once, a second setup creates nothing', async () => {
    const hs = simInstance(sim, { autoSetup: false });
    const before = await hs.check();
    expect(before.ok).toBe(false);
    expect(before.message).toContain('contacts.poshub_customer_id');
    expect(before.message).toContain('poshub connections setup hs-test');

    const first = await hs.setup!();
    expect(first.ok).toBe(true);
    expect(first.created).toEqual(
      expect.arrayContaining([
        'contacts group poshub',
        'contacts.poshub_customer_id',
        'contacts.poshub_favourite_product',
        'deals.poshub_transaction_id',
        'deals.poshub_refunds',
        'line_items.poshub_line_key',
      ]),
    );
    const unique = sim.propertyDefinitions('contacts').find((p) => p.name === 'poshub_customer_id');
    expect(unique?.hasUniqueValue).toBe(true);
    expect(sim.propertyDefinitions('deals').find((p) => p.name === 'poshub_refunds')?.fieldType).toBe(
      'textarea',
    );

    const writesBefore = sim.counters.writes;
    const second = await hs.setup!();
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(first.created.length + first.existing.length);
    expect(sim.counters.writes).toBe(writesBefore);
    expect(await hs.check()).toMatchObject({ ok: true });
  });

  it('check names a missing pipeline or stage and reports a refused token without throwing', async () => {
    expect((await simInstance(sim, { dealStage: 'nope' }).check()).message).toContain('deal stage "nope"');
    expect((await simInstance(sim, { pipeline: 'p9' }).check()).message).toContain('pipeline "p9"');
    const refused = await simInstance(sim, { accessToken: 'pat-na1-wrong' }).check();
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('refused');
  });

  it('upserts 250 contacts in batches twice: 250 contacts, no duplicates, normalised email and phone', async () => {
    const hs = simInstance(sim, { defaultCountry: 'US' });
    const items = Array.from({ length: 250 }, (_, n) =>
      item(contactPayload(n, n === 0 ? { phone: '(415) 555-0123' } : {}), `poshub:c-${n}`),
    );
    const batches = [items.slice(0, 100), items.slice(100, 200), items.slice(200)];
    const first = (await Promise.all(batches.map((b) => hs.writeBatch!('contact', b)))).flat();
    expect(first.every((r) => r.ok && r.result.created)).toBe(true);
    const second = (await Promise.all(batches.map((b) => hs.writeBatch!('contact', b)))).flat();
    expect(second.every((r) => r.ok && !r.result.created)).toBe(true);
    expect(ids(second)).toEqual(ids(first));
    expect(sim.objects('contacts')).toHaveLength(250);
    expect(sim.duplicates()).toBe(0);
    const c0 = sim.object('contacts', ids(first)[0]!)!;
    expect(c0.properties).toMatchObject({
      email: 'customer.0@example.com',
      phone: '+14155550123',
      poshub_customer_id: 'poshub:c-0',
    });
    // Results are matched by reference, not by HubSpot's (shuffled) answer order.
    for (const [n, id] of ids(first).entries()) {
      expect(sim.object('contacts', id)!.properties.poshub_customer_id).toBe(`poshub:c-${n}`);
    }
  });

  it('a 207 with one invalid contact: the others land, the bad one fails alone with HubSpot’s message', async () => {
    const hs = simInstance(sim);
    const items = [
      item(contactPayload(1), 'poshub:ok-1'),
      item({ properties: { firstname: 'Bad', email: 'not-an-email' } }, 'poshub:bad'),
      item(contactPayload(2, { phone: 'call me maybe' }), 'poshub:ok-2'),
    ];
    const results = await hs.writeBatch!('contact', items);
    expect(results[0]!.ok && results[2]!.ok).toBe(true);
    const bad = results[1]!;
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toBeInstanceOf(RejectedError);
    expect(bad.error.message).toContain('not-an-email');
    expect(sim.objects('contacts')).toHaveLength(2);
    // An unreadable phone is kept as typed, not dropped.
    const ok2 = results[2]!.ok ? results[2]!.result.externalId : '';
    expect(sim.object('contacts', ok2)!.properties.phone).toBe('call me maybe');
  });

  it('adopts a contact that already owns the email instead of failing or duplicating it', async () => {
    const existing = sim.createObject('contacts', { email: 'ann@example.com', firstname: 'Ann' });
    const hs = simInstance(sim);
    const result = await hs.write!(
      'contact',
      { properties: { email: 'ANN@example.com', lastname: 'Lee' } },
      {
        reference: 'poshub:ann',
        idempotencyKey: 'k1',
      },
    );
    expect(result).toEqual({ externalId: existing.id, created: false });
    expect(sim.object('contacts', existing.id)!.properties).toMatchObject({
      firstname: 'Ann',
      lastname: 'Lee',
      poshub_customer_id: 'poshub:ann',
    });
    // The next write finds it by reference directly.
    const again = await hs.write!(
      'contact',
      { properties: { email: 'ann@example.com' } },
      {
        reference: 'poshub:ann',
        idempotencyKey: 'k2',
      },
    );
    expect(again).toEqual({ externalId: existing.id, created: false });
    expect(sim.objects('contacts')).toHaveLength(1);
    expect(sim.duplicates()).toBe(0);
  });

  it('updates the contact poshub already linked by id, and recreates it when it was deleted in HubSpot', async () => {
    // A contact that began in HubSpot, without poshub's reference, linked by identity resolution.
    const existing = sim.createObject('contacts', { firstname: 'Hoa' });
    const hs = simInstance(sim);
    const linked = await hs.write!(
      'contact',
      { properties: { firstname: 'Hoa', lastname: 'Tran', email: 'hoa@example.com' } },
      { reference: 'poshub:hoa', idempotencyKey: 'h1', existingId: existing.id },
    );
    expect(linked).toEqual({ externalId: existing.id, created: false });
    expect(sim.object('contacts', existing.id)!.properties).toMatchObject({
      lastname: 'Tran',
      email: 'hoa@example.com',
      poshub_customer_id: 'poshub:hoa',
    });

    const gone = sim.createObject('contacts', { firstname: 'Gone' });
    const creates = sim.counters.creates.contacts ?? 0;
    await fetch(`${sim.url}/crm/v3/objects/contacts/${gone.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sim.accessToken}` },
    });
    const recreated = await hs.write!(
      'contact',
      { properties: { firstname: 'Gone', email: 'gone@example.com' } },
      { reference: 'poshub:gone', idempotencyKey: 'g1', existingId: gone.id },
    );
    expect(recreated.created).toBe(true);
    expect(recreated.externalId).not.toBe(gone.id);
    expect(sim.counters.creates.contacts).toBe(creates + 1);
    expect(sim.duplicates()).toBe(0);
  });

  it('writes behaviour onto the contact by reference and refuses another currency', async () => {
    const hs = simInstance(sim);
    const contact = await hs.write!('contact', contactPayload(5), {
      reference: 'poshub:c-5',
      idempotencyKey: 'a',
    });
    const behaviour = {
      customerReference: 'poshub:c-5',
      currency: 'USD',
      properties: {
        poshub_lifetime_spend: '123.45',
        poshub_order_count: '4',
        poshub_first_purchase_date: '2025-01-01',
        poshub_favourite_product: 'Croissant (SKU-002)',
      },
    };
    const [ok, eur] = await hs.writeBatch!('contact_behaviour', [
      item(behaviour, 'poshub:b-5'),
      item({ ...behaviour, customerReference: 'poshub:c-6', currency: 'EUR' }, 'poshub:b-6'),
    ]);
    expect(ok).toEqual({ ok: true, result: { externalId: contact.externalId, created: false } });
    expect(sim.object('contacts', contact.externalId)!.properties).toMatchObject({
      poshub_lifetime_spend: '123.45',
      poshub_first_purchase_date: '2025-01-01',
    });
    expect(eur!.ok).toBe(false);
    if (!eur!.ok) expect(eur!.error.message).toContain('account currency is USD');
  });
});
