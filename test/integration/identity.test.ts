import type { Customer } from '../../src/canonical';
import { PoshubConfigSchema, type PoshubConfig } from '../../src/config';
import { recordId, type Ledger } from '../../src/ledger';
import {
  IdentityService,
  GOLDEN_ORIGIN,
  type IngestOutcome,
} from '../../src/pipeline/identity/identity.service';
import { RouteTable } from '../../src/pipeline/route-table';
import { fakeErp } from '../fakes/fake-erp/fake-erp.connector';
import { fakePos } from '../fakes/fake-pos/fake-pos.connector';
import { createTestLedger, DIALECTS, uid, type TestLedger } from './ledger/ledger-test-db';

/** Two POS-like sources and two sinks: enough systems to exercise matching, ownership and echoes. */
function identityConfig(): PoshubConfig {
  return PoshubConfigSchema.parse({
    connections: {
      pos: { connector: 'fake-pos' },
      shop2: { connector: 'fake-pos' },
      crm: { connector: 'fake-erp' },
      erp: { connector: 'fake-erp' },
    },
    routes: [
      {
        id: 'c-crm',
        source: { connection: 'pos', stream: 'customers' },
        destination: { connection: 'crm', entity: 'customer' },
      },
      {
        id: 'c-erp',
        source: { connection: 'pos', stream: 'customers' },
        destination: { connection: 'erp', entity: 'customer' },
      },
    ],
    identity: { defaultCountry: 'VN', owners: { phone: 'pos', marketingConsent: 'crm', taxId: 'erp' } },
  }) as PoshubConfig;
}

describe.each(DIALECTS)('identity resolution on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;
  let identity: IdentityService;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
    const config = identityConfig();
    const table = new RouteTable(
      config,
      (id) => (config.connections[id].connector === 'fake-pos' ? fakePos : fakeErp) as never,
    );
    identity = new IdentityService(config, table);
  });
  afterAll(() => env.destroy());

  /** Stores a customer record as a pull would, then resolves it. */
  async function ingest(connectionId: string, customer: Customer): Promise<IngestOutcome> {
    return ledger.transaction(async (tx) => {
      const stored = await tx.records.upsert({
        kind: 'customer',
        originConnectionId: connectionId,
        externalId: customer.externalId,
        contentHash: JSON.stringify(customer),
        data: customer,
        updatedAt: customer.updatedAt,
      });
      return identity.ingest(tx, { connectionId, recordId: stored.recordId, customer, readAt: new Date() });
    });
  }

  async function golden(goldenId: string): Promise<Record<string, unknown>> {
    const record = await ledger.records.findByExternalId('customer', GOLDEN_ORIGIN, goldenId);
    return (await ledger.records.getCurrent(record!.id))!.data as Record<string, unknown>;
  }

  const linked = (outcome: IngestOutcome) => {
    if (outcome.status !== 'linked') throw new Error(`expected linked, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('joins records of different systems on a normalised email and merges their fields by owner', async () => {
    const email = `${uid('an')}@example.com`;
    const pos = linked(
      await ingest('pos', {
        externalId: uid('p'),
        email,
        phone: '0912 000 001',
        givenName: 'An',
        updatedAt: '2025-06-01T00:00:00Z',
      }),
    );
    expect(pos.rows.map((r) => r.destinationConnectionId).sort()).toEqual(['crm', 'erp']);
    const crm = linked(
      await ingest('crm', {
        externalId: uid('c'),
        email: `  ${email.toUpperCase()}`,
        phone: '+84 912 999 999',
        marketingConsent: true,
        updatedAt: '2025-06-02T00:00:00Z',
      }),
    );
    expect(crm.goldenId).toBe(pos.goldenId);
    expect(await golden(pos.goldenId)).toEqual({
      externalId: pos.goldenId,
      email,
      phone: '+84912000001',
      givenName: 'An',
      marketingConsent: true,
    });
    // The CRM holds everything but the ERP's fields; the new version goes to the ERP, and to the
    // CRM only because the golden customer carries more than the CRM sent.
    expect(crm.rows.map((r) => r.destinationConnectionId).sort()).toEqual(['crm', 'erp']);
  });

  it('keeps one golden customer when a linked record changes its email', async () => {
    const id = uid('p');
    const first = linked(
      await ingest('pos', { externalId: id, email: `${uid('old')}@example.com`, givenName: 'Binh' }),
    );
    const newEmail = `${uid('new')}@example.com`;
    const second = linked(
      await ingest('pos', {
        externalId: id,
        email: newEmail,
        givenName: 'Binh',
        updatedAt: '2030-01-01T00:00:00Z',
      }),
    );
    expect(second.goldenId).toBe(first.goldenId);
    expect((await golden(first.goldenId)).email).toBe(newEmail);
    // The new email is now a match key of that golden customer; the old one is not.
    const other = linked(await ingest('crm', { externalId: uid('c'), email: newEmail }));
    expect(other.goldenId).toBe(first.goldenId);
  });

  it('sends two customers of one system sharing a phone to review instead of merging them', async () => {
    const phone = `+8491${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const first = linked(await ingest('pos', { externalId: uid('p'), phone, givenName: 'Chi' }));
    const secondId = uid('p');
    const second = await ingest('pos', { externalId: secondId, phone, givenName: 'Cuong' });
    expect(second.status).toBe('review');
    const review = await ledger.identity.openReviewOf(recordId('customer', 'pos', secondId));
    expect(review).toMatchObject({ candidates: [first.goldenId], status: 'open', connectionId: 'pos' });
    expect(review!.reason).toContain('another customer of pos');
    expect(await ledger.identity.memberOf(recordId('customer', 'pos', secondId))).toBeUndefined();
  });

  it('sends a record whose keys point at two different golden customers to review', async () => {
    const a = linked(await ingest('pos', { externalId: uid('p'), email: `${uid('a')}@example.com` }));
    const phone = `+8498${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const b = linked(await ingest('shop2', { externalId: uid('s'), phone }));
    const goldenA = await golden(a.goldenId);
    const outcome = await ingest('crm', { externalId: uid('c'), email: goldenA.email as string, phone });
    expect(outcome.status).toBe('review');
    if (outcome.status === 'review') expect(outcome.reason).toContain('several customers');
    const reviews = await ledger.identity.listReviews('open', 1000);
    expect(reviews.find((r) => r.candidates.includes(a.goldenId))?.candidates.sort()).toEqual(
      [a.goldenId, b.goldenId].sort(),
    );
  });

  it('recognises its own write read back as an echo, and a repeat of the same values as no change', async () => {
    const id = uid('p');
    const customer: Customer = { externalId: id, email: `${uid('e')}@example.com`, givenName: 'Dung' };
    const first = linked(await ingest('pos', customer));
    // The same values read again (a new version at the source, e.g. its updated_at moved).
    const again = await ingest('pos', { ...customer, updatedAt: '2030-01-01T00:00:00Z' });
    expect(again).toEqual({ status: 'echo', goldenId: first.goldenId });
  });
});
