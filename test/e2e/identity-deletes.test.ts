import request from 'supertest';
import { executeKw } from '../../connectors/odoo/simulator/sim-test.client';
import { recordId } from '../../src/ledger';
import { ThreeSystemsHub } from '../support/three-systems-hub';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(180_000);

describe('deletions and GDPR erasure across Square, Odoo and HubSpot (deletes: propagate)', () => {
  let env: ThreeSystemsHub;

  beforeAll(async () => {
    env = await ThreeSystemsHub.start('sqlite', { deletes: 'propagate' });
  });
  afterAll(async () => {
    await env?.close();
  });

  const partner = (email: string) =>
    env.odoo.records('res.partner').find((p) => p.email === email || p.ref === email);
  const contact = (id: string) => env.crm.object('contacts', id);

  async function createInSquare(key: string, email: string): Promise<string> {
    const created = (await env.squareApi('POST', '/v2/customers', {
      idempotency_key: key,
      given_name: 'Erin',
      family_name: key,
      email_address: email,
    })) as { customer: { id: string } };
    await waitUntil(
      async () =>
        env.crm.objects('contacts').some((c) => c.properties.email === email) && partner(email) !== undefined,
      { timeoutMs: 60_000, intervalMs: 200, describe: async () => `${email} did not reach HubSpot and Odoo` },
    );
    return created.customer.id;
  }

  it('removes a customer archived in Odoo from Square and HubSpot, and records it in the audit log', async () => {
    // Square's customer search never returns deleted profiles (only its webhooks tell), so the
    // deletion starts in Odoo, whose stream reads archived partners.
    const email = 'erin.deleted@example.com';
    const squareId = await createInSquare('del', email);
    const contactId = env.crm.objects('contacts').find((c) => c.properties.email === email)!.id;
    const partnerId = partner(email)!.id as number;
    await executeKw(env.odoo, 'res.partner', 'write', [[partnerId], { active: false }]);

    await waitUntil(
      async () => contact(contactId) === undefined && env.square.customers().every((c) => c.id !== squareId),
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        describe: async () => `contact ${contactId} or Square customer ${squareId} still there`,
      },
    );
    const audit = await env.hub.ledger.audit.list({ limit: 100 });
    expect(audit.items.some((a) => a.action === 'identity.source-deleted' && a.actor === 'odoo')).toBe(true);
  });

  it('erases a person on request: gone from all three systems and from the ledger, audited', async () => {
    const email = 'erin.erased@example.com';
    const squareId = await createInSquare('erase', email);
    const contactId = env.crm.objects('contacts').find((c) => c.properties.email === email)!.id;
    const partnerId = partner(email)!.id as number;
    const squareRecord = recordId('customer', 'square', squareId);
    const member = await env.hub.ledger.identity.memberOf(squareRecord);
    expect(member).toBeDefined();

    const server = env.hub.http!.getHttpServer();
    const answer = await request(server)
      .post(`/api/v1/identity/customers/${member!.goldenId}/erase`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(answer.body.deliveries).toBeGreaterThanOrEqual(3);

    await waitUntil(
      async () =>
        env.square.customers().every((c) => c.id !== squareId) &&
        contact(contactId) === undefined &&
        env.odoo.records('res.partner').find((p) => p.id === partnerId)?.active === false,
      { timeoutMs: 60_000, intervalMs: 200, describe: async () => 'not removed everywhere yet' },
    );
    const erasedPartner = env.odoo.records('res.partner').find((p) => p.id === partnerId)!;
    expect(erasedPartner.email).toBeFalsy();
    expect(JSON.stringify(erasedPartner)).not.toContain('Erin');

    // The person's data has left the ledger: no stored version of any record mentions the email.
    const history = await env.hub.ledger.records.history(squareRecord);
    expect(JSON.stringify(history)).not.toContain(email);
    const detail = await request(server)
      .get(`/api/v1/identity/customers/${member!.goldenId}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(JSON.stringify(detail.body)).not.toContain(email);
    const audit = await env.hub.ledger.audit.list({ limit: 100 });
    expect(audit.items.find((a) => a.action === 'identity.erase')?.target).toBe(member!.goldenId);
  });
});
