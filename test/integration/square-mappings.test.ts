import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCanonical } from '../../src/canonical';

/*
 * The golden fixtures pin the exact output of mappings/square/transaction.yaml; this suite adds that
 * every expected sale and refund is also arithmetically consistent (canonical invariants), so a
 * fixture cannot bless a mapping that produces totals which do not add up.
 */
const DIR = join(__dirname, '..', '..', 'mappings', 'square', 'transaction.fixtures');

describe('square/transaction golden outputs', () => {
  const cases = readdirSync(DIR).filter((f) => f.endsWith('.expected.json'));

  it('cover a sale, a refund, a VND and a JPY order', () => {
    const kinds = cases.map(
      (f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { kind: string; currency: string },
    );
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['sale', 'refund']));
    expect(kinds.map((k) => k.currency)).toEqual(expect.arrayContaining(['USD', 'VND', 'JPY']));
  });

  it.each(cases)('%s satisfies the canonical transaction invariants', (file) => {
    const result = validateCanonical('transaction', JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    expect(result.ok ? [] : result.reasons).toEqual([]);
  });
});
