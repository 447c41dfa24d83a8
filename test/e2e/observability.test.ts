import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, SECRET_KEY, waitUntil } from '../support/test-env';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface LogLine {
  msg?: string;
  correlationId?: string;
  deliveryId?: string;
  [key: string]: unknown;
}

/** Every PromQL expression of the sample dashboard and alert rules, with where it came from. */
function shippedExpressions(): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'docker/grafana-dashboard.json'), 'utf8'));
  for (const panel of dashboard.panels as { title: string; targets?: { expr: string }[] }[]) {
    for (const target of panel.targets ?? [])
      found.push({ where: `panel ${panel.title}`, expr: target.expr });
  }
  for (const variable of dashboard.templating.list as { name: string; definition?: string }[]) {
    if (variable.definition) found.push({ where: `variable ${variable.name}`, expr: variable.definition });
  }
  for (const rule of alertRules()) found.push({ where: `alert ${rule.alert}`, expr: rule.expr });
  return found;
}

interface AlertRule {
  alert: string;
  expr: string;
  labels: { severity: string };
  annotations: { summary: string; runbook_url: string };
}

function alertRules(): AlertRule[] {
  const doc = parseYaml(readFileSync(join(ROOT, 'docker/prometheus-alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: AlertRule[] }[];
  };
  return doc.groups.flatMap((g) => g.rules);
}

describe('observability of a running hub', () => {
  let harness: HubHarness;
  let child: ChildProcess | undefined;
  let base: string;
  let stdout = '';

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    harness.pos.generate(3, { currency: 'EUR' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // A real process with debug logs: pino writes to fd 1, which only a child's stdout captures.
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/cli/main.ts', 'start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...harness.processEnv('all', port),
        LOG_LEVEL: 'debug',
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => {
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(chunk);
    });
    await waitUntil(
      () =>
        fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 60_000,
        describe: () => stdout.slice(-2000),
      },
    );
    await harness.waitForDone(3, 60_000);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await harness?.close();
  });

  const logLines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  it('writes JSON lines that follow each record by its ledger id through pull, deliver and HTTP', async () => {
    const ledger = await harness.ledger();
    const { items } = await ledger.deliveries.list({ status: 'done' });
    expect(items).toHaveLength(3);
    const lines = logLines();
    for (const delivery of items) {
      const mine = lines.filter((l) => l.correlationId === delivery.recordId);
      expect(mine.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['record stored', 'http request', 'delivery done']),
      );
      // The deliver worker's lines also name the delivery.
      expect(mine.filter((l) => l.msg === 'delivery done').every((l) => l.deliveryId === delivery.id)).toBe(
        true,
      );
    }
  });

  it('never logs a secret', () => {
    expect(stdout.length).toBeGreaterThan(0);
    for (const secret of [harness.pos.apiKey, harness.erp.apiKey, ADMIN_TOKEN, SECRET_KEY]) {
      expect(stdout).not.toContain(secret);
    }
  });

  it('exposes per-connection figures and every series the dashboard and alerts use', async () => {
    // A request with the token, so the redaction of request logs is exercised too.
    const response = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/poshub_oldest_pending_age_seconds\{destination="erp"\} 0\n/);
    expect(text).toMatch(/poshub_last_sync_timestamp_seconds\{connection="pos",stream="transactions"\} \d+/);
    expect(text).toMatch(/poshub_connection_status\{connection="erp",status="ok"\} 1\n/);
    expect(text).toMatch(/poshub_quarantined_records\{connection="pos"\} 0\n/);
    expect(text).toMatch(
      /poshub_records_pulled_total\{connection="pos",stream="transactions",result="stored"\} 3\n/,
    );
    expect(text).toMatch(/poshub_delivery_outcomes_total\{destination="erp",outcome="done"\} 3\n/);
    expect(text).toMatch(/poshub_delivery_latency_seconds_count\{destination="erp"\} 3\n/);
    expect(text).toMatch(/poshub_queue_jobs\{queue="deliver\.erp",state="waiting"\} 0\n/);
    expect(text).toContain('# TYPE poshub_rate_limit_wait_seconds_total counter');
    expect(text).toContain('# TYPE poshub_auth_failures_total counter');

    const missing: string[] = [];
    for (const { where, expr } of shippedExpressions()) {
      for (const name of expr.match(/\bposhub_[a-z0-9_]+/g) ?? []) {
        const family = name.replace(/_(bucket|count|sum)$/, '');
        if (!text.includes(`# TYPE ${name} `) && !text.includes(`# TYPE ${family} histogram`)) {
          missing.push(`${where}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships alert rules for dead deliveries, lag, auth failures and pending age, each with a runbook', () => {
    const rules = alertRules();
    const names = rules.map((r) => r.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'PoshubDeadDeliveries',
        'PoshubSourceLag',
        'PoshubOldestPendingAge',
        'PoshubConnectionAuthFailed',
        'PoshubAuthFailures',
      ]),
    );
    const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    for (const rule of rules) {
      expect(rule.labels.severity).toMatch(/^(info|warning|critical)$/);
      expect(rule.annotations.runbook_url).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
      // The anchor GitHub derives from a "### PoshubX" heading.
      expect(operations).toContain(`\n### ${rule.alert}\n`);
    }
  });
});
