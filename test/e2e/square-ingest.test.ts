import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  signSquareWebhook,
  SquareSimulator,
  type SquareOrder,
} from '../../connectors/square/simulator/square-simulator';
import { freePort } from '../../scripts/local-services';
import { createHub, type Hub } from '../../src/app/create-hub';
import type { SalesTransaction } from '../../src/canonical';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import {
  createTestDatabase,
  deleteRedisPrefix,
  hubProcessEnv,
  type TestDatabase,
  uniqueSuffix,
  waitUntil,
} from '../support/test-env';

jest.setTimeout(300_000);

const WEBHOOK_KEY = 'square-signature-key-0123';

/** A hub reading one Square simulator, listening on a real port so the simulator can call its webhooks. */
async function startSquareHub(sim: SquareSimulator, port: number, pullEvery: string) {
  const database: TestDatabase = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'poshub-square-'));
  const configPath = join(dir, 'poshub.yaml');
  writeFileSync(
    configPath,
    [
      'connections:',
      '  square:',
      '    connector: square',
      '    config:',
      '      accessToken: "${SQUARE_TOKEN}"',
      `      baseUrl: "${sim.url}"`,
      `      locationIds: [${sim.locationIds.map((id) => `"${id}"`).join(', ')}]`,
      '      pageSize: 200',
      '      rateLimitBackoffMs: 50',
      '      webhookSignatureKey: "${SQUARE_WEBHOOK_KEY}"',
      `      webhookNotificationUrl: "http://127.0.0.1:${port}/webhooks/square"`,
      'schedules:',
      `  - { connection: square, stream: transactions, every: ${pullEvery} }`,
      '',
    ].join('\n'),
  );
  const prefix = `t${uniqueSuffix()}`;
  const processEnv = {
    ...hubProcessEnv(database.url, prefix, port),
    SQUARE_TOKEN: sim.accessToken,
    SQUARE_WEBHOOK_KEY: WEBHOOK_KEY,
  };
  const hub: Hub = await createHub({
    env: loadEnv(processEnv),
    config: loadPoshubConfig(configPath, { env: processEnv }),
    role: 'all',
  });
  return {
    hub,
    close: async () => {
      await hub.close();
      await deleteRedisPrefix(prefix);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signed net amount of an order in minor units: sales add, returns subtract. */
function netOf(order: SquareOrder): bigint {
  const isReturn = (order.returns ?? []).length > 0;
  return isReturn ? -BigInt(order.return_amounts!.total_money.amount) : BigInt(order.total_money.amount);
}

describe('Square into the ledger through the hub', () => {
  let sim: SquareSimulator;
  let stop: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await stop?.();
    stop = undefined;
    await sim?.close();
  });

  it('lands 2,000 orders once each, 10% updated between pages and 5% of calls answered 429, totals to the minor unit', async () => {
    sim = await SquareSimulator.start({ seed: 21 });
    const generated = sim.generateOrders(2000, { currency: 'USD', refundRatio: 0.1 });
    const toTouch = generated.filter((_, i) => i % 10 === 3).map((o) => o.id);
    let touched = 0;
    sim.onOrdersPage(() => {
      for (let i = 0; i < 25 && touched < toTouch.length; i++) sim.touchOrder(toTouch[touched++]);
    });
    sim.setFaults({ rateLimitRate: 0.05, seed: 9 });
    const started = await startSquareHub(sim, await freePort(), '500ms');
    stop = started.close;
    const ledger = started.hub.ledger;

    const completed = () => sim.orders().filter((o) => o.state === 'COMPLETED');
    const missing = async () => {
      const out: string[] = [];
      for (const order of completed()) {
        const row = await ledger.records.findByExternalId('transaction', 'square', order.id);
        if (row?.sourceVersion !== String(order.version)) out.push(order.id);
      }
      return out;
    };
    await waitUntil(async () => touched >= toTouch.length && (await missing()).length === 0, {
      timeoutMs: 240_000,
      intervalMs: 1000,
      describe: async () => `touched ${touched}/${toTouch.length}, missing ${(await missing()).length}`,
    });

    expect(toTouch.length).toBe(generated.length / 10); // 2,000 sales + 200 returns: 220 touched
    expect(sim.faultCounters().rateLimited).toBeGreaterThan(0);
    expect(await ledger.records.count('transaction')).toBe(completed().length);
    expect((await ledger.quarantine.list({ limit: 5, offset: 0 })).items).toEqual([]);
    let ledgerNet = 0n;
    for (const order of completed()) {
      const row = (await ledger.records.findByExternalId('transaction', 'square', order.id))!;
      const tx = (await ledger.records.getVersion(row.id, row.version))!.data as SalesTransaction;
      ledgerNet += (tx.kind === 'refund' ? -1n : 1n) * BigInt(tx.totals.total.amount);
    }
    expect(ledgerNet).toBe(completed().reduce((sum, o) => sum + netOf(o), 0n));
  });

  it('takes Square webhooks: signed events are fetched once, a replayed event_id once, forged ones refused', async () => {
    const port = await freePort();
    sim = await SquareSimulator.start({
      seed: 4,
      webhook: { notificationUrl: `http://127.0.0.1:${port}/webhooks/square`, signatureKey: WEBHOOK_KEY },
    });
    // Pulls an hour apart: only the webhooks bring the orders in.
    const started = await startSquareHub(sim, port, '1h');
    stop = started.close;
    const ledger = started.hub.ledger;

    const orders = sim.generateOrders(5, { currency: 'USD', refundRatio: 0 });
    await sim.webhooksIdle();
    await waitUntil(async () => (await ledger.records.count('transaction')) === orders.length, {
      timeoutMs: 30_000,
    });
    expect(sim.webhookAttempts().every((a) => a.status === 200)).toBe(true);

    const url = `http://127.0.0.1:${port}/webhooks/square`;
    const body = JSON.stringify({
      merchant_id: sim.merchantId,
      type: 'order.updated',
      event_id: 'replayed-event-1',
      created_at: new Date().toISOString(),
      data: {
        type: 'order_updated',
        id: orders[0].id,
        object: {
          order_updated: {
            order_id: orders[0].id,
            state: 'COMPLETED',
            version: orders[0].version,
            location_id: orders[0].location_id,
            created_at: orders[0].created_at,
            updated_at: orders[0].updated_at,
          },
        },
      },
    });
    const send = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': signature },
        body,
      });
    const first = await send(signSquareWebhook(WEBHOOK_KEY, url, body));
    expect(await first.json()).toEqual({ received: 1, duplicates: 0, ignored: 0 });
    const replay = await send(signSquareWebhook(WEBHOOK_KEY, url, body));
    expect(await replay.json()).toEqual({ received: 1, duplicates: 1, ignored: 0 });

    const otherUrl = await send(
      signSquareWebhook(WEBHOOK_KEY, 'https://elsewhere.example/webhooks/square', body),
    );
    expect(otherUrl.status).toBe(401);
    const otherKey = await send(signSquareWebhook('not-the-key-at-all', url, body));
    expect(otherKey.status).toBe(401);
    expect(((await otherKey.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
  });
});
