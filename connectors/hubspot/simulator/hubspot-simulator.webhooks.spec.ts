import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubSpotSimulator, signHubSpotV3, type HubSpotWebhookEvent } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
}

async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot?conn=1`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const events = (r: Received) => JSON.parse(r.raw) as HubSpotWebhookEvent[];

describe('HubSpotSimulator webhooks', () => {
  it('signs like HubSpot v3: base64 HMAC-SHA256 over method + uri + body + timestamp', () => {
    const input = {
      clientSecret: 'secret-abc',
      method: 'POST',
      uri: 'https://hub.example.com/webhooks/hubspot-1',
      body: '[{"eventId":1}]',
      timestamp: 1700000000000,
    };
    // Pinned with: printf '%s' "POST$uri$body$ts" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    expect(signHubSpotV3(input)).toBe('FXUhzNMlz15y/MkBZEO5CLCQWWhqIrJu0cs0eonNvP0=');
    expect(signHubSpotV3({ ...input, uri: `${input.uri}/` })).not.toBe(signHubSpotV3(input));
  });

  it('delivers signed batches for API and UI changes that verify with signHubSpotV3', async () => {
    const receiver = await startReceiver();
    const sim = await HubSpotSimulator.start({ webhook: { targetUrl: receiver.url }, clientSecret: 'cs-1' });
    try {
      const created = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
        properties: { email: 'a@x.io', firstname: 'A', city: 'Hue' },
      });
      await hubspotCall(sim, 'PATCH', `/crm/v3/objects/contacts/${created.body.id}`, {
        properties: { firstname: 'B' },
      });
      sim.updateObject('contacts', created.body.id, { lastname: 'Vo' });
      sim.createObject('deals', { dealname: 'not a contact' });
      await sim.flushWebhooks();
      const all = receiver.received.flatMap(events);
      for (const r of receiver.received) {
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['x-hubspot-signature-version']).toBe('v3');
        const timestamp = Number(r.headers['x-hubspot-request-timestamp']);
        expect(Math.abs(Date.now() - timestamp)).toBeLessThan(60_000);
        const expected = signHubSpotV3({
          clientSecret: 'cs-1',
          method: 'POST',
          uri: receiver.url,
          body: r.raw,
          timestamp,
        });
        expect(r.headers['x-hubspot-signature-v3']).toBe(expected);
      }
      const summary = all.map((e) => [e.subscriptionType, e.propertyName, e.propertyValue, e.changeSource]);
      expect(summary).toEqual([
        ['contact.creation', undefined, undefined, 'INTEGRATION'],
        ['contact.propertyChange', 'email', 'a@x.io', 'INTEGRATION'],
        ['contact.propertyChange', 'firstname', 'A', 'INTEGRATION'],
        ['contact.propertyChange', 'firstname', 'B', 'INTEGRATION'],
        ['contact.propertyChange', 'lastname', 'Vo', 'CRM_UI'],
      ]);
      expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
      expect(all[0]).toMatchObject({
        portalId: sim.portalId,
        appId: sim.appId,
        objectId: Number(created.body.id),
        attemptNumber: 0,
        occurredAt: expect.any(Number),
        subscriptionId: expect.any(Number),
      });
      expect(sim.webhookAttempts.every((a) => a.status === 204)).toBe(true);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it('retries failed deliveries with the same events and a higher attemptNumber', async () => {
    const receiver = await startReceiver([500, 503]);
    const sim = await HubSpotSimulator.start({ webhook: { targetUrl: receiver.url, retryScaleMs: 5 } });
    try {
      sim.createObject('contacts', { email: 'r@x.io' });
      await sim.flushWebhooks();
      expect(sim.webhookAttempts.map((a) => [a.status, a.attemptNumber])).toEqual([
        [500, 0],
        [503, 1],
        [204, 2],
      ]);
      const bodies = receiver.received.map(events);
      expect(bodies.map((b) => b.map((e) => e.eventId))).toEqual([
        bodies[0]!.map((e) => e.eventId),
        bodies[0]!.map((e) => e.eventId),
        bodies[0]!.map((e) => e.eventId),
      ]);
      expect(bodies[2]!.every((e) => e.attemptNumber === 2)).toBe(true);
      const headers = receiver.received.map((r) => r.headers['x-hubspot-signature-v3']);
      expect(new Set(headers).size).toBe(3);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it('splits deliveries at maxPerRequest and gives up after 10 attempts on an unreachable target', async () => {
    const receiver = await startReceiver();
    const sim = await HubSpotSimulator.start({ webhook: { targetUrl: receiver.url, maxPerRequest: 3 } });
    try {
      for (let i = 0; i < 4; i++) sim.createObject('contacts', { email: `m${i}@x.io` });
      await sim.flushWebhooks();
      expect(receiver.received.map((r) => events(r).length)).toEqual([3, 3, 2]);
    } finally {
      await sim.close();
      await receiver.close();
    }
    const dead = await HubSpotSimulator.start({
      webhook: { targetUrl: 'http://127.0.0.1:9/hook', retryScaleMs: 1 },
    });
    try {
      dead.createObject('contacts', { email: 'd@x.io' });
      await dead.flushWebhooks();
      expect(dead.webhookAttempts).toHaveLength(10);
      expect(dead.webhookAttempts.every((a) => a.status === 'error')).toBe(true);
    } finally {
      await dead.close();
    }
  });
});
