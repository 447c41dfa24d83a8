import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
/** What a checkout holds besides its sources; everything else is copied. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);
/**
 * The connector the test scaffolds: `acme`, as the acceptance names it, unless this checkout has
 * an `acme` already (someone ran the command here), in which case a name that is free.
 */
const ID = existsSync(join(ROOT, 'connectors', 'acme')) ? 'acmecheck' : 'acme';

function run(
  args: string[],
  cwd: string,
  timeout: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      // A clean environment: the outer Jest's worker variables must not leak into the inner run.
      { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: cwd } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

interface JestReport {
  success: boolean;
  testResults: { name: string; status: string; assertionResults: { fullName: string; status: string }[] }[];
}

/*
 * Acceptance: `poshub connector new acme --kind source` followed by the tests passes, with acme in
 * the conformance run. The scaffold runs in a copy of this checkout (node_modules symlinked) so the
 * repository itself is never touched. The copy runs the suites the scaffold touches (conformance,
 * registry coverage, mapping fixtures, the registry spec and acme's own spec), then the typecheck,
 * lint and formatting checks .ci/run makes, rather than all of `npm test`, which takes many
 * minutes and would double the whole run.
 */
describe('poshub connector new', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'poshub-scaffold-'));
    cpSync(ROOT, dir, {
      recursive: true,
      filter: (src) => dirname(src) !== ROOT || !NOT_COPIED.has(basename(src)),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(`scaffolds ${ID} as a source that passes the conformance suite and is registered`, async () => {
    const before = readFileSync(join(dir, 'connectors', 'index.ts'), 'utf8');
    const scaffold = await run(
      [join(dir, 'bin', 'poshub.js'), 'connector', 'new', ID, '--kind', 'source'],
      dir,
      120_000,
    );
    expect(scaffold.stderr).toBe('');
    expect(scaffold.code).toBe(0);
    expect(scaffold.stdout).toContain(`created  test/conformance/${ID}.conformance.test.ts`);

    const after = readFileSync(join(dir, 'connectors', 'index.ts'), 'utf8');
    expect(after).toContain(`import { ${ID} } from './${ID}/${ID}.connector';`);
    expect(after).toMatch(new RegExp(`export const CONNECTORS[^;]*\\b${ID},?\\s*\\];`));
    // Nothing else in the file changed: every earlier line outside the array is still there.
    const outsideArray = (text: string) => text.split('export const CONNECTORS')[0].split('\n');
    expect(outsideArray(after).filter((l) => !outsideArray(before).includes(l))).toEqual([
      `import { ${ID} } from './${ID}/${ID}.connector';`,
    ]);

    const report = join(dir, 'jest-report.json');
    const jest = await run(
      [
        join(dir, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--ci',
        '--json',
        `--outputFile=${report}`,
        'test/conformance/',
        'test/integration/mapping-fixtures.test.ts',
        'src/registry/',
        `connectors/${ID}/`,
      ],
      dir,
      540_000,
    );
    const results = JSON.parse(readFileSync(report, 'utf8')) as JestReport;
    const failed = results.testResults.filter((r) => r.status !== 'passed').map((r) => r.name);
    expect({ failed, stderrTail: failed.length > 0 ? jest.stderr.slice(-4000) : '' }).toEqual({
      failed: [],
      stderrTail: '',
    });
    expect(results.success).toBe(true);
    const acme = results.testResults.find((r) =>
      r.name.endsWith(join('test', 'conformance', `${ID}.conformance.test.ts`)),
    );
    expect(acme?.status).toBe('passed');
    const names = acme!.assertionResults.map((a) => a.fullName);
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names.every((n) => n.startsWith(`connector conformance: ${ID}`))).toBe(true);
    expect(acme!.assertionResults.every((a) => a.status === 'passed')).toBe(true);
    // The registry coverage check saw acme too.
    const coverage = results.testResults.find((r) => r.name.endsWith('every-connector.test.ts'));
    expect(coverage?.assertionResults.map((a) => a.fullName)).toContain(
      `conformance coverage ${ID} has a conformance test`,
    );
  });

  it('leaves a checkout that still typechecks and passes lint and formatting', async () => {
    // The same checks .ci/run makes before the tests, on the scaffolded copy.
    const typecheck = await run(
      [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'],
      dir,
      300_000,
    );
    expect({ code: typecheck.code, out: typecheck.stdout.slice(-4000) }).toEqual({ code: 0, out: '' });
    const scaffolded = [
      `connectors/${ID}`,
      'connectors/index.ts',
      `test/conformance/${ID}.conformance.test.ts`,
    ];
    const lint = await run(
      [join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', ...scaffolded],
      dir,
      120_000,
    );
    expect({ code: lint.code, out: lint.stdout.slice(-4000) }).toEqual({ code: 0, out: '' });
    const format = await run(
      [join(dir, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', ...scaffolded],
      dir,
      60_000,
    );
    expect({ code: format.code, err: format.stderr.slice(-4000) }).toEqual({ code: 0, err: '' });
  });

  it('refuses a bad id and an existing connector', async () => {
    const bad = await run(
      [join(dir, 'bin', 'poshub.js'), 'connector', 'new', 'Acme_2', '--kind', 'sink'],
      dir,
      60_000,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('kebab-case');
    const again = await run(
      [join(dir, 'bin', 'poshub.js'), 'connector', 'new', 'square', '--kind', 'source'],
      dir,
      60_000,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refusing to overwrite');
  });
});
