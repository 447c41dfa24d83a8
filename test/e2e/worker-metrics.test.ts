import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN } from '../support/test-env';

jest.setTimeout(120_000);

const SALES = 6;

/** The value of one sample line, or undefined when the series has no such sample. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/*
 * Split roles: the worker does the pulling and delivering, so its counters are the ones that
 * move. With POSHUB_METRICS_PORT it serves them, behind the same tokens as the API.
 */
describe('a worker process with POSHUB_METRICS_PORT', () => {
  let harness: HubHarness;
  let worker: Hub | undefined;

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    harness.pos.generate(SALES, { currency: 'USD' });
    const base = harness.processEnv('worker');
    const processEnv = { ...base, POSHUB_METRICS_PORT: '0' };
    worker = await createHub({
      env: loadEnv(processEnv),
      config: loadPoshubConfig(base.POSHUB_CONFIG!, { env: processEnv }),
      role: 'worker',
    });
    // The scheduler asks for the pulls; the worker runs them and the deliveries.
    await harness.start('scheduler');
    await harness.waitForDone(SALES, 60_000);
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
  });

  it('serves its counters at /metrics, and refuses a scrape without a token', async () => {
    expect(worker!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const refused = await fetch(`${worker!.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'a valid admin or viewer token is required', details: null },
    });
    expect((await fetch(`${worker!.url}/health/live`)).status).toBe(200);

    const scrape = await fetch(`${worker!.url}/metrics`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    expect(sample(text, 'poshub_delivery_outcomes_total{destination="erp",outcome="done"}')).toBe(SALES);
    expect(sample(text, 'poshub_delivery_latency_seconds_count{destination="erp"}')).toBe(SALES);
    expect(
      sample(text, 'poshub_records_pulled_total{connection="pos",stream="transactions",result="stored"}'),
    ).toBe(SALES);
    // Ledger-state gauges are the api processes' to report: no samples here, so a sum across
    // instances never counts the ledger twice.
    expect(text).toContain('# TYPE poshub_deliveries gauge');
    expect(text).not.toMatch(/^poshub_deliveries\{/m);
  });
});
