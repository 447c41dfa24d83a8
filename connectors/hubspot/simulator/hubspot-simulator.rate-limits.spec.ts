import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

const UUID = /^[0-9a-f-]{36}$/;

describe('HubSpotSimulator rate limits and faults', () => {
  let sim: HubSpotSimulator | undefined;
  afterEach(() => sim?.close());

  it('sends X-HubSpot-RateLimit-* headers on non-search answers, errors included, not on search', async () => {
    sim = await HubSpotSimulator.start();
    const res = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts');
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('x-hubspot-ratelimit')))).toEqual(
      {
        'x-hubspot-ratelimit-daily': '250000',
        'x-hubspot-ratelimit-daily-remaining': '249999',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '99',
        'x-hubspot-ratelimit-secondly': '10',
        'x-hubspot-ratelimit-secondly-remaining': '9',
      },
    );
    const notFound = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts/1');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-hubspot-ratelimit-remaining')).toBe('98');
    const search = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/search', {});
    expect(search.status).toBe(200);
    expect([...search.headers.keys()].some((k) => k.startsWith('x-hubspot-ratelimit'))).toBe(false);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('answers 429 TEN_SECONDLY_ROLLING past the 10-second limit', async () => {
    sim = await HubSpotSimulator.start({ limits: { tenSecondly: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await hubspotCall(sim, 'GET', '/crm/v3/objects/deals')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await hubspotCall(sim, 'GET', '/crm/v3/objects/deals');
    expect(res.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(UUID),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: expect.any(String),
    });
    expect(res.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(sim.counters.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 3, DAILY: 0, SECONDLY: 0 });
    expect(sim.counters.requests).toBe(6);
    sim.setLimits({ tenSecondly: Infinity });
    expect((await hubspotCall(sim, 'GET', '/crm/v3/objects/deals')).status).toBe(200);
  });

  it('answers 429 DAILY once the daily count is spent', async () => {
    sim = await HubSpotSimulator.start({ limits: { daily: 2 } });
    await hubspotCall(sim, 'GET', '/crm/v3/objects/deals');
    const second = await hubspotCall(sim, 'GET', '/account-info/v3/details');
    expect(second.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    const res = await hubspotCall(sim, 'GET', '/crm/v3/objects/deals');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ policyName: 'DAILY', errorType: 'RATE_LIMIT' });
    expect(res.body.message).toBe('You have reached your daily limit.');
    expect(sim.counters.rateLimited.DAILY).toBe(1);
  });

  it('answers 429 SECONDLY past the search limit, without touching the account limits', async () => {
    sim = await HubSpotSimulator.start({ limits: { searchPerSecond: 2, tenSecondly: 100 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/search', {})).status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(sim.counters.rateLimited.SECONDLY).toBe(2);
    const other = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts');
    expect(other.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
    await new Promise((r) => setTimeout(r, 1050));
    const again = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts/search', {});
    expect(again.status).toBe(200);
  });

  it('injects 429s and commit-then-500s from a seeded PRNG', async () => {
    sim = await HubSpotSimulator.start();
    sim.setFaults({ rateLimitRate: 1 });
    const limited = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.body.policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(sim.counters.rateLimited.TEN_SECONDLY_ROLLING).toBe(1);

    sim.setFaults({ commitThenErrorRate: 1 });
    const res = await hubspotCall(sim, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'x@y.io' },
    });
    expect(res.status).toBe(500);
    expect(sim.objects('contacts')).toHaveLength(1);
    expect((await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts')).status).toBe(200);

    const draw = async () => {
      sim!.setFaults({ errorRate: 0.5, seed: 42 });
      const out = [];
      for (let i = 0; i < 12; i++)
        out.push((await hubspotCall(sim!, 'GET', '/crm/v3/objects/contacts')).status);
      return out;
    };
    const first = await draw();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await draw()).toEqual(first);
  });

  it('delays answers by latencyMs', async () => {
    sim = await HubSpotSimulator.start();
    sim.setFaults({ latencyMs: 120 });
    const t = Date.now();
    await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts');
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });
});
