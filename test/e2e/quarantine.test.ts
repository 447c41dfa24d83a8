import request from 'supertest';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

describe('malformed source records', () => {
  let harness: HubHarness;

  afterEach(async () => {
    await harness?.close();
  });

  it('are quarantined with their reason while their neighbours arrive', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    const [good] = harness.pos.generate(1, { currency: 'USD' });
    const template = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    harness.pos.add({ ...template, id: 'bad-no-total', total: undefined });
    harness.pos.add({ ...template, id: 'bad-currency', currency: 'ABC' });
    harness.pos.add({ ...template, id: 'bad-sum', total: '999999.99' });
    harness.pos.generate(20, { currency: 'USD' });
    await harness.start('all');

    await harness.waitForDone(21, 60_000);
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.quarantine.count()) >= 3, { timeoutMs: 10_000 });

    const server = harness.hub!.http!.getHttpServer();
    const response = await request(server)
      .get('/api/v1/quarantine')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    const items = response.body.items as { externalId: string; reason: string }[];
    const reasonOf = (id: string) => items.find((i) => i.externalId === id)?.reason ?? '';
    expect(items).toHaveLength(3);
    expect(reasonOf('bad-no-total')).toMatch(/total/i);
    expect(reasonOf('bad-currency')).toMatch(/unknown currency ABC/);
    expect(reasonOf('bad-sum')).toMatch(/totals\.total/);
    expect(harness.erp.creates()).toHaveLength(21);
  });
});
