import { z } from 'zod';
import { runMappingFixtures } from './fixtures';
import { diffJson } from './json-diff';
import { MappingEngine } from './mapping-engine';
import { tempMappingsDir } from './mapping-test-dir.spec-helper';

const OutSchema = z.object({ id: z.string(), total: z.number().int(), store: z.string().optional() });

describe('runMappingFixtures', () => {
  const tmp = tempMappingsDir();
  afterAll(() => tmp.remove());

  it('passes matching cases and explains every other outcome', async () => {
    tmp.write(
      'pos/sale.yaml',
      'id: pos/sale\nto: test.out\nexpression: |\n  { "id": id, "total": $minor(total, "USD"), "store": $lookup("stores", store, undefined) }\n',
    );
    const json = (value: unknown) => JSON.stringify(value);
    const fx = 'pos/sale.fixtures';
    tmp.write(`${fx}/ok.input.json`, json({ id: 'A', total: '1.50', store: 'S1' }));
    tmp.write(`${fx}/ok.context.json`, json({ lookups: { stores: { S1: 'WH-1' } } }));
    tmp.write(`${fx}/ok.expected.json`, json({ id: 'A', total: 150, store: 'WH-1' }));
    tmp.write(`${fx}/drift.input.json`, json({ id: 'B', total: '2.00' }));
    tmp.write(`${fx}/drift.expected.json`, json({ id: 'B', total: 201, extra: true }));
    tmp.write(`${fx}/bad-money.input.json`, json({ id: 'C', total: 'abc' }));
    tmp.write(`${fx}/bad-money.expected-error.json`, json(['$minor']));
    tmp.write(`${fx}/wrong-error.input.json`, json({ id: 'D', total: '1' }));
    tmp.write(`${fx}/wrong-error.expected-error.json`, json(['something']));
    tmp.write(`${fx}/no-expectation.input.json`, json({ id: 'E', total: '1' }));
    tmp.write('ghost/thing.fixtures/a.input.json', '{}');
    tmp.write('ghost/thing.fixtures/a.expected.json', '{}');

    const engine = await MappingEngine.load(tmp.dir, {
      resolveSchema: (name) => (name === 'test.out' ? OutSchema : undefined),
    });
    const report = await runMappingFixtures(engine, tmp.dir);

    expect(report.passed).toEqual([
      { mapping: 'pos/sale', case: 'bad-money' },
      { mapping: 'pos/sale', case: 'ok' },
    ]);
    const failed = Object.fromEntries(report.failed.map((f) => [`${f.mapping}#${f.case}`, f.diff]));
    expect(Object.keys(failed).sort()).toEqual([
      'ghost/thing#a',
      'pos/sale#drift',
      'pos/sale#no-expectation',
      'pos/sale#wrong-error',
    ]);
    expect(failed['pos/sale#drift']).toBe('total: expected 201, got 200\nextra: missing (expected true)');
    expect(failed['pos/sale#wrong-error']).toContain('but it succeeded');
    expect(failed['pos/sale#no-expectation']).toContain('no .expected.json');
    expect(failed['ghost/thing#a']).toContain('no mapping "ghost/thing"');
  });
});

describe('diffJson', () => {
  it('lists path-level differences', () => {
    expect(diffJson({ a: [1, { b: 'x' }], c: 1 }, { a: [1, { b: 'y' }, 3], d: null })).toEqual([
      'a: expected 2 items, got 3',
      'a.1.b: expected "x", got "y"',
      'c: missing (expected 1)',
      'd: unexpected key (got null)',
    ]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
    expect(diffJson(1, '1')).toEqual(['(root): expected 1, got "1"']);
  });
});
