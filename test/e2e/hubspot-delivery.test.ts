import { toMinorUnits } from '../../src/canonical';
import { recordId } from '../../src/ledger';
import type { FakePosTransaction } from '../fakes/fake-pos/fake-pos.types';
import request from 'supertest';
import { signHubSpotV3 } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { HUBSPOT_WEBHOOK_URL, HubSpotHub } from '../support/hubspot-hub';
import { waitUntil } from '../support/test-env';

jest.setTimeout(600_000);

const reference = (kind: string, externalId: string) => `poshub:${recordId(kind, 'pos', externalId)}`;

describe('POS customers and sales into HubSpot through the hub', () => {
  let env: HubSpotHub;

  afterEach(async () => {
    await env?.close();
  });

  it('1,000 customers and 2,000 sales: one contact each, one deal each with its line items and contact, lifetime spend = sum of sales, paced under 100 requests / 10 s', async () => {
    env = await HubSpotHub.create({ dialect: 'sqlite', limits: { tenSecondly: 100 } });
    const sales = env.pos.generate(2000, {
      currency: 'USD',
      customers: 1000,
      customerRatio: 1,
      refundRatio: 0,
    });
    await env.start();
    const ledger = await env.ledger();
    await waitUntil(
      async () => {
        const counts = await ledger.deliveries.countByStatus();
        return env.sim.objects('deals').length === 2000 && counts.pending === 0;
      },
      {
        timeoutMs: 480_000,
        intervalMs: 1000,
        describe: async () =>
          `deliveries ${JSON.stringify(await ledger.deliveries.countByStatus())}, ` +
          `contacts ${env.sim.objects('contacts').length}, deals ${env.sim.objects('deals').length}, ` +
          `429s ${JSON.stringify(env.sim.counters.rateLimited)}`,
      },
    );

    const counts = await ledger.deliveries.countByStatus();
    expect(counts.dead).toBe(0);
    expect(env.sim.duplicates()).toBe(0);

    // One contact per POS customer, found by poshub's unique property.
    const contacts = env.sim.objects('contacts');
    expect(contacts).toHaveLength(1000);
    const contactByCustomer = new Map(contacts.map((c) => [c.properties.poshub_customer_id, c]));
    expect(contactByCustomer.size).toBe(1000);

    // One deal per sale, with its own line items and its customer's contact.
    const deals = env.sim.objects('deals');
    const dealByTransaction = new Map(deals.map((d) => [d.properties.poshub_transaction_id, d]));
    const spend = new Map<string, bigint>();
    let lineItems = 0;
    for (const sale of sales as FakePosTransaction[]) {
      const deal = dealByTransaction.get(reference('transaction', sale.id));
      expect(deal).toBeDefined();
      expect(toMinorUnits(deal!.properties.amount!, 'USD')).toBe(toMinorUnits(sale.total, 'USD'));
      // Product lines plus tax, discount, service-charge and tip lines, adding up to the deal amount.
      const lines = env.sim.associations('deals', deal!.id, 'line_items');
      expect(lines.length).toBeGreaterThanOrEqual(sale.items.length);
      const lineSum = lines.reduce(
        (sum, l) =>
          sum + BigInt(toMinorUnits(env.sim.object('line_items', l.toObjectId)!.properties.amount!, 'USD')),
        0n,
      );
      expect(lineSum).toBe(BigInt(toMinorUnits(sale.total, 'USD')));
      lineItems += lines.length;
      const contact = contactByCustomer.get(reference('customer', sale.customer!.id));
      expect(env.sim.associations('deals', deal!.id, 'contacts').map((a) => a.toObjectId)).toEqual([
        contact!.id,
      ]);
      spend.set(
        sale.customer!.id,
        (spend.get(sale.customer!.id) ?? 0n) + BigInt(toMinorUnits(sale.total, 'USD')),
      );
    }
    // Every line item belongs to its deal: none left unattached by a retried batch.
    expect(env.sim.objects('line_items')).toHaveLength(lineItems);

    // Buying behaviour computed from the ledger: lifetime spend = the sum of the customer's sales.
    for (const [customerId, total] of spend) {
      const contact = contactByCustomer.get(reference('customer', customerId))!;
      expect(BigInt(toMinorUnits(contact.properties.poshub_lifetime_spend!, 'USD'))).toBe(total);
      const orders = (sales as FakePosTransaction[]).filter((s) => s.customer?.id === customerId).length;
      expect(contact.properties.poshub_order_count).toBe(String(orders));
    }

    // The governor paced the hub under the account's 100 requests per rolling 10 s.
    expect(env.sim.counters.rateLimited.TEN_SECONDLY_ROLLING).toBeLessThanOrEqual(5);
  });

  it('takes signed v3 contact webhooks, and refuses forged and stale ones', async () => {
    env = await HubSpotHub.create({ dialect: 'sqlite', behaviour: false });
    const hub = await env.start();
    const contact = env.sim.createObject('contacts', {
      email: 'webhook.person@example.com',
      firstname: 'Web',
      lastname: 'Hook',
    });
    const body = JSON.stringify([
      {
        eventId: 901,
        subscriptionId: 1,
        portalId: env.sim.portalId,
        appId: env.sim.appId,
        occurredAt: Date.now(),
        subscriptionType: 'contact.creation',
        attemptNumber: 0,
        objectId: Number(contact.id),
        changeSource: 'CRM_UI',
      },
    ]);
    const post = (timestamp: number, secret: string) =>
      request(hub.http!.getHttpServer())
        .post('/webhooks/crm')
        .set('Content-Type', 'application/json')
        .set('X-HubSpot-Request-Timestamp', String(timestamp))
        .set(
          'X-HubSpot-Signature-v3',
          signHubSpotV3({ clientSecret: secret, method: 'POST', uri: HUBSPOT_WEBHOOK_URL, body, timestamp }),
        )
        .send(body);

    const forged = await post(Date.now(), 'not-the-app-secret').expect(401);
    expect(forged.body.error.code).toBe('INVALID_SIGNATURE');
    // Correctly signed, but six minutes old: a replay HubSpot's 5-minute window refuses.
    await post(Date.now() - 6 * 60_000, env.sim.clientSecret).expect(401);

    await post(Date.now(), env.sim.clientSecret).expect(200);
    const ledger = await env.ledger();
    await waitUntil(
      async () => (await ledger.records.findByExternalId('customer', 'crm', contact.id)) !== undefined,
      {
        timeoutMs: 15_000,
        intervalMs: 100,
        describe: async () => 'the webhook contact was not stored',
      },
    );
    const stored = await ledger.records.findByExternalId('customer', 'crm', contact.id);
    const data = (await ledger.records.getCurrent(stored!.id))!.data as { email?: string };
    expect(data.email).toBe('webhook.person@example.com');
  });
});
