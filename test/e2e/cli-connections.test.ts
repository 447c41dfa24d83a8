import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { runPoshub as poshub } from '../support/poshub-cli';

jest.setTimeout(120_000);

describe('poshub connections list | check | setup', () => {
  let sim: HubSpotSimulator;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await HubSpotSimulator.start({ seed: 3 });
    dir = mkdtempSync(join(tmpdir(), 'poshub-cli-'));
    const file = join(dir, 'poshub.yaml');
    writeFileSync(
      file,
      [
        'connections:',
        '  crm:',
        '    connector: hubspot',
        `    config: { baseUrl: "${sim.url}", accessToken: "\${HUBSPOT_TOKEN}" }`,
        '',
      ].join('\n'),
    );
    env = {
      POSHUB_SECRET_KEY: 'cli-secret-key-0123456789',
      POSHUB_ADMIN_TOKEN: 'cli-admin-token-0123456789',
      POSHUB_CONFIG: file,
      HUBSPOT_TOKEN: sim.accessToken,
    };
  });

  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists connections without their secrets', async () => {
    const run = await poshub(['connections', 'list'], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('crm\thubspot');
    expect(run.stdout + run.stderr).not.toContain(sim.accessToken);
  });

  it('check reports the missing properties, setup creates them once, then check passes', async () => {
    const before = await poshub(['connections', 'check', 'crm'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/crm: FAILED: .*poshub_customer_id/);
    expect(before.stderr).toContain('poshub connections setup crm');

    const setup = await poshub(['connections', 'setup', 'crm'], env);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/created\s+contacts\.poshub_customer_id/);
    expect(setup.stdout).toMatch(/created\s+deals\.poshub_transaction_id/);
    const unique = sim.propertyDefinitions('contacts').find((p) => p.name === 'poshub_customer_id');
    expect(unique?.hasUniqueValue).toBe(true);

    const writes = sim.counters.writes;
    const again = await poshub(['connections', 'setup', 'crm'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^created/m);
    expect(again.stdout).toMatch(/existing\s+contacts\.poshub_customer_id/);
    expect(sim.counters.writes).toBe(writes);

    const after = await poshub(['connections', 'check', 'crm'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^crm: ok: /);
  });

  it('names the connection that does not exist and refuses a wrong token clearly', async () => {
    const missing = await poshub(['connections', 'setup', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no connection "nope" in poshub.yaml (connections: crm)');

    const refused = await poshub(['connections', 'check', 'crm'], { ...env, HUBSPOT_TOKEN: 'pat-na1-wrong' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/crm: FAILED/);
    expect(refused.stderr).not.toContain('pat-na1-wrong');
  });
});
