import request from 'supertest';
import { executeKw } from '../../connectors/odoo/simulator/sim-test.client';
import { recordId } from '../../src/ledger';
import { ThreeSystemsHub } from '../support/three-systems-hub';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(240_000);

interface Views {
  square: Record<string, unknown>[];
  odoo: Record<string, unknown>[];
  crm: { id: string; properties: Record<string, string | null> }[];
}

describe('one customer across Square, Odoo and HubSpot (identity resolution, two-way sync)', () => {
  let env: ThreeSystemsHub;

  beforeAll(async () => {
    env = await ThreeSystemsHub.start('sqlite');
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Each system's records of one person, found by any of the emails they had. */
  function views(...emails: string[]): Views {
    const has = (value: unknown) => typeof value === 'string' && emails.includes(value.toLowerCase());
    return {
      square: env.square.customers().filter((c) => has(c.email_address)) as unknown as Record<
        string,
        unknown
      >[],
      odoo: env.odoo.records('res.partner').filter((p) => has(p.email)),
      crm: env.crm.objects('contacts').filter((c) => has(c.properties.email)),
    };
  }

  /** Waits until nothing is pending and no simulator has seen a write for `quietMs`. */
  async function settle(quietMs = 3000): Promise<void> {
    let last = JSON.stringify(env.writeCounters());
    let since = Date.now();
    await waitUntil(
      async () => {
        const now = JSON.stringify(env.writeCounters());
        const pending = (await env.hub.ledger.deliveries.countByStatus()).pending;
        if (now !== last || pending > 0) {
          last = now;
          since = Date.now();
          return false;
        }
        return Date.now() - since >= quietMs;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 200,
        describe: async () =>
          `writes ${JSON.stringify(env.writeCounters())}, deliveries ${JSON.stringify(await env.hub.ledger.deliveries.countByStatus())}`,
      },
    );
  }

  it('ends with the same values in all three, one record in each, and no further writes once settled', async () => {
    const created = (await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'create-mai',
      given_name: 'Mai',
      family_name: 'Pham',
      email_address: 'mai.pham@example.com',
      phone_number: '+1 415 555 0101',
    })) as { customer: { id: string; version: number } };
    await waitUntil(
      async () =>
        views('mai.pham@example.com').crm.length === 1 && views('mai.pham@example.com').odoo.length === 1,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        describe: async () => JSON.stringify(views('mai.pham@example.com')),
      },
    );

    // The CRM owns consent, the ERP the tax id, the POS the phone.
    const contact = views('mai.pham@example.com').crm[0];
    env.crm.updateObject('contacts', contact.id, { poshub_marketing_consent: 'true' });
    const partnerId = views('mai.pham@example.com').odoo[0].id as number;
    await executeKw(env.odoo, 'res.partner', 'write', [[partnerId], { vat: 'US-TAX-778' }]);
    await settle(1500);
    await env.squareApi('PUT', `/v2/customers/${created.customer.id}`, { phone_number: '+1 415 555 0199' });
    await settle();

    const settled = views('mai.pham@example.com');
    expect(settled.square).toHaveLength(1);
    expect(settled.odoo).toHaveLength(1);
    expect(settled.crm).toHaveLength(1);
    expect(settled.square[0]).toMatchObject({
      given_name: 'Mai',
      family_name: 'Pham',
      phone_number: '+14155550199',
    });
    expect(settled.crm[0].properties).toMatchObject({
      firstname: 'Mai',
      lastname: 'Pham',
      phone: '+14155550199',
      poshub_marketing_consent: 'true',
    });
    expect(settled.odoo[0]).toMatchObject({ phone: '+14155550199', vat: 'US-TAX-778' });

    // No loop: nothing more is written while the hub keeps pulling all three systems.
    const before = env.writeCounters();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(env.writeCounters()).toEqual(before);
  });

  it('keeps one contact and one partner when the email changes in Square', async () => {
    const created = (await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'create-tuan',
      given_name: 'Tuan',
      family_name: 'Le',
      email_address: 'tuan.le@example.com',
    })) as { customer: { id: string } };
    await waitUntil(
      async () =>
        views('tuan.le@example.com').crm.length === 1 && views('tuan.le@example.com').odoo.length === 1,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        describe: async () => JSON.stringify(views('tuan.le@example.com')),
      },
    );
    const contactId = views('tuan.le@example.com').crm[0].id;
    await env.squareApi('PUT', `/v2/customers/${created.customer.id}`, {
      email_address: 'tuan@newmail.example',
    });
    await settle();
    const after = views('tuan.le@example.com', 'tuan@newmail.example');
    expect(after.crm).toHaveLength(1);
    expect(after.crm[0].id).toBe(contactId);
    expect(after.crm[0].properties.email).toBe('tuan@newmail.example');
    expect(after.odoo).toHaveLength(1);
    expect(after.odoo[0].email).toBe('tuan@newmail.example');
    expect(after.square).toHaveLength(1);
  });

  it('sends two Square customers with the same phone to review instead of merging them', async () => {
    await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'twin-1',
      given_name: 'Lan',
      email_address: 'lan.one@example.com',
      phone_number: '+1 415 555 0142',
    });
    await waitUntil(async () => views('lan.one@example.com').crm.length === 1, {
      timeoutMs: 60_000,
      intervalMs: 200,
      describe: async () => JSON.stringify(views('lan.one@example.com')),
    });
    await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'twin-2',
      given_name: 'Lan',
      email_address: 'lan.two@example.com',
      phone_number: '(415) 555-0142',
    });
    const server = env.hub.http!.getHttpServer();
    let reviews: { recordId: string; reason: string; candidates: string[] }[] = [];
    await waitUntil(
      async () => {
        const answer = await request(server)
          .get('/api/v1/identity/reviews?status=open')
          .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
          .expect(200);
        reviews = answer.body.items;
        return reviews.length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 200, describe: async () => 'no review opened' },
    );
    expect(reviews).toHaveLength(1);
    expect(reviews[0].reason).toContain('another customer of square');
    await settle();
    // Not merged: the second customer reached neither the CRM nor the ERP, and the first is untouched.
    expect(views('lan.two@example.com')).toMatchObject({ crm: [], odoo: [] });
    expect(views('lan.one@example.com').crm).toHaveLength(1);
  });

  it('merges two golden customers on request (members and links move, duplicates reported, audited) and splits one back out', async () => {
    const server = env.hub.http!.getHttpServer();
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const a = (await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'merge-a',
      given_name: 'Hanh',
      family_name: 'Vo',
      email_address: 'hanh.vo@example.com',
    })) as { customer: { id: string } };
    const b = (await env.squareApi('POST', '/v2/customers', {
      idempotency_key: 'merge-b',
      given_name: 'Hanh',
      family_name: 'Vo',
      email_address: 'hanh.work@example.com',
    })) as { customer: { id: string } };
    await waitUntil(
      async () =>
        views('hanh.vo@example.com').crm.length === 1 && views('hanh.work@example.com').crm.length === 1,
      { timeoutMs: 60_000, intervalMs: 200, describe: async () => 'both customers did not reach HubSpot' },
    );
    await settle(1000);
    const goldenOf = async (squareId: string) =>
      (await env.hub.ledger.identity.memberOf(recordId('customer', 'square', squareId)))!.goldenId;
    const survivor = await goldenOf(a.customer.id);
    const merged = await goldenOf(b.customer.id);
    expect(survivor).not.toBe(merged);
    const mergedContact = views('hanh.work@example.com').crm[0].id;

    const answer = await request(server)
      .post('/api/v1/identity/merge')
      .set(auth)
      .send({ survivor, merged })
      .expect(200);
    // The survivor already has its own contact and partner: the merged customer's remain, reported.
    expect(answer.body.duplicatesLeft.crm).toBe(mergedContact);
    const detail = await request(server).get(`/api/v1/identity/customers/${survivor}`).set(auth).expect(200);
    const squareMembers = detail.body.members.filter(
      (m: { connectionId: string }) => m.connectionId === 'square',
    );
    expect(squareMembers.map((m: { recordId: string }) => m.recordId).sort()).toEqual(
      [recordId('customer', 'square', a.customer.id), recordId('customer', 'square', b.customer.id)].sort(),
    );
    expect(await goldenOf(b.customer.id)).toBe(survivor);
    const gone = await request(server).get(`/api/v1/identity/customers/${merged}`).set(auth).expect(200);
    expect(gone.body.mergedInto).toBe(survivor);
    await request(server).post('/api/v1/identity/merge').set(auth).send({ survivor, merged }).expect(409);

    const split = await request(server)
      .post('/api/v1/identity/split')
      .set(auth)
      .send({ recordId: recordId('customer', 'square', b.customer.id) })
      .expect(200);
    const separated = await goldenOf(b.customer.id);
    expect(separated).not.toBe(survivor);
    expect(split.body.goldenIds).toEqual([survivor, separated]);
    const audit = await env.hub.ledger.audit.list({ limit: 50 });
    expect(audit.items.find((e) => e.action === 'identity.merge')).toMatchObject({
      actor: 'admin',
      target: survivor,
      details: { merged },
    });
    expect(audit.items.find((e) => e.action === 'identity.split')).toMatchObject({
      target: recordId('customer', 'square', b.customer.id),
      details: { from: survivor, to: separated },
    });
    await request(server).post('/api/v1/identity/split').set(auth).send({}).expect(400);
  });
});
