import { join } from 'node:path';
import { REPO_ROOT as ROOT, runPoshub as poshub } from '../support/poshub-cli';

jest.setTimeout(120_000);

const FIXTURES = join(ROOT, 'mappings');

describe('poshub mappings preview', () => {
  it('prints the validated target payload of a sink mapping with its context', async () => {
    const run = await poshub([
      'mappings',
      'preview',
      'fake-erp/customer',
      join(FIXTURES, 'fake-erp/customer.fixtures/person.input.json'),
      '--context',
      join(FIXTURES, 'fake-erp/customer.fixtures/person.context.json'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ reference: 'poshub:cus-1', name: 'Binh Tran' });
  });

  it('exits 1 with the positioned error of a failing document', async () => {
    const run = await poshub([
      'mappings',
      'preview',
      'fake-pos/transaction',
      join(FIXTURES, 'fake-pos/transaction.fixtures/bad-amount.input.json'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /fake-pos\/transaction\.yaml:\d+:\d+: \$money: "28\.9O" is not a decimal amount/,
    );
  });

  it('names the known mappings for an unknown id', async () => {
    const run = await poshub([
      'mappings',
      'preview',
      'nope/x',
      join(FIXTURES, 'fake-pos/customer.fixtures/full.input.json'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown mapping "nope/x"; known: ');
  });
});
