import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HubSpotSimulator auth, account and errors', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ timeZone: 'America/New_York', companyCurrency: 'EUR' });
  });
  afterEach(() => sim.close());

  it('answers 401 INVALID_AUTHENTICATION for a missing or wrong token', async () => {
    expect(sim.accessToken).toMatch(/^pat-na1-/);
    for (const token of [null, 'pat-na1-wrong']) {
      const res = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts', undefined, { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        status: 'error',
        message: expect.any(String),
        correlationId: expect.stringMatching(UUID),
        category: 'INVALID_AUTHENTICATION',
      });
    }
    const info = await hubspotCall(sim, 'GET', '/account-info/v3/details', undefined, { token: 'x' });
    expect(info.status).toBe(401);
  });

  it('answers 401 EXPIRED_AUTHENTICATION after expireToken until restoreToken', async () => {
    sim.expireToken();
    const expired = await hubspotCall(sim, 'GET', '/crm/v3/objects/deals');
    expect(expired.status).toBe(401);
    expect(expired.body.category).toBe('EXPIRED_AUTHENTICATION');
    expect(expired.body.correlationId).toMatch(UUID);
    sim.restoreToken();
    expect((await hubspotCall(sim, 'GET', '/crm/v3/objects/deals')).status).toBe(200);
  });

  it('reports account details with the configured time zone and currency', async () => {
    const res = await hubspotCall(sim, 'GET', '/account-info/v3/details');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      portalId: 1234567,
      accountType: 'STANDARD',
      timeZone: 'America/New_York',
      companyCurrency: 'EUR',
      additionalCurrencies: [],
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
    expect([-4 * 3_600_000, -5 * 3_600_000]).toContain(res.body.utcOffsetMilliseconds);
    expect(res.body.utcOffset).toMatch(/^-0[45]:00$/);
  });

  it('lists the default deal pipeline and its stages', async () => {
    const res = await hubspotCall(sim, 'GET', '/crm/v3/pipelines/deals');
    expect(res.status).toBe(200);
    const stages = res.body.results[0].stages.map((s: { id: string }) => s.id);
    expect(res.body.results[0].id).toBe('default');
    expect(stages[0]).toBe('appointmentscheduled');
    expect(stages).toEqual(expect.arrayContaining(['closedwon', 'closedlost']));
    expect((await hubspotCall(sim, 'GET', '/crm/v3/pipelines/0-3/default')).body.id).toBe('default');
    expect((await hubspotCall(sim, 'GET', '/crm/v3/pipelines/deals/nope')).status).toBe(404);
  });

  it('answers injected 500s with HubSpot error bodies, and unknown types with 400', async () => {
    sim.setFaults({ errorRate: 1 });
    const res = await hubspotCall(sim, 'GET', '/crm/v3/objects/contacts');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      status: 'error',
      category: 'INTERNAL_ERROR',
      message: 'internal error',
    });
    sim.setFaults({});
    const bad = await hubspotCall(sim, 'GET', '/crm/v3/objects/widgets');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const json = await fetch(`${sim.url}/crm/v3/objects/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.accessToken}`, 'content-type': 'application/json' },
      body: '{"properties":',
    });
    expect(json.status).toBe(400);
  });
});
