import request from 'supertest';
import type { ReconciliationReport } from '../../src/pipeline/reconciliation/reconciliation.types';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';
import { runPoshub as poshub } from '../support/poshub-cli';

jest.setTimeout(180_000);

const listed = (report: ReconciliationReport) =>
  report.locations.flatMap((l) =>
    l.destinations.flatMap((d) => d.items.map((i) => ({ ...i, destination: d.destination }))),
  );

describe('reconciliation of a day with one sale left undelivered', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];
  let held: { id: string; day: string };
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(6, { refundRatio: 0 });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
    await harness.waitForDone(6, 60_000);
    // The ERP now fails every call: the next sale goes dead after its two attempts.
    harness.erp.setFaults({ errorRate: 1 });
    const [sale] = harness.pos.generate(1, { refundRatio: 0 });
    held = { id: sale.id, day: new Date(sale.created_at).toISOString().slice(0, 10) };
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead === 1, {
      timeoutMs: 60_000,
      describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()),
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('GET /api/v1/reports/reconciliation lists exactly that transaction', async () => {
    const response = await request(server)
      .get(`/api/v1/reports/reconciliation?date=${held.day}`)
      .set(auth)
      .expect(200);
    const report = response.body as ReconciliationReport;
    expect(report.ok).toBe(false);
    expect(listed(report).map((i) => [i.externalId, i.problem, i.destination, i.deliveryStatus])).toEqual([
      [held.id, 'missing', 'erp', 'dead'],
    ]);
    expect(report).toMatchObject({ date: held.day, missing: 1, differing: 0 });
    // Everything else of the day arrived: the counts add up per location.
    const dayTotal = report.locations.reduce((n, l) => n + l.pos.transactions, 0);
    const delivered = report.locations.reduce((n, l) => n + l.destinations[0].delivered, 0);
    expect(delivered).toBe(dayTotal - 1);
  });

  it('answers 400 with a JSON error for a bad day or zone, 401 without a token', async () => {
    const bad = await request(server)
      .get('/api/v1/reports/reconciliation?date=2025-13-01')
      .set(auth)
      .expect(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', details: [{ parameter: 'date' }] });
    const zone = await request(server)
      .get(`/api/v1/reports/reconciliation?date=${held.day}&timezone=Mars/Base`)
      .set(auth)
      .expect(400);
    expect(zone.body.error.message).toContain('Mars/Base');
    await request(server).get(`/api/v1/reports/reconciliation?date=${held.day}`).expect(401);
  });

  it('poshub reconcile prints the same transaction and exits 1', async () => {
    const env = harness.processEnv('all');
    const table = await poshub(['reconcile', '--date', held.day], env);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`MISSING   erp  ${held.id}`);
    expect(table.stdout.split(held.id)).toHaveLength(2);
    expect(table.stdout).toContain('1 missing, 0 differing');
    expect(table.stderr).toContain(`reconciling ${held.day}`);

    const json = await poshub(['reconcile', '--date', held.day, '--json'], env);
    expect(json.code).toBe(1);
    expect(listed(JSON.parse(json.stdout) as ReconciliationReport).map((i) => i.externalId)).toEqual([
      held.id,
    ]);
  });
});
