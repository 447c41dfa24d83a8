import { z } from 'zod';
import { evaluatePredicate, MappingEngine, MappingLoadError, UnknownMappingError } from './mapping-engine';
import { tempMappingsDir } from './mapping-test-dir.spec-helper';

const SaleSchema = z.object({
  externalId: z.string(),
  total: z.object({ amount: z.number().int(), currency: z.string().length(3) }),
  locationId: z.string().optional(),
  channel: z.string().default('pos'),
  meta: z.record(z.string(), z.unknown()).optional(),
});
const resolveSchema = (name: string) => (name === 'test.sale' ? SaleSchema : undefined);
const context = { connectionId: 'pos-1', lookups: { stores: { S1: 'WH-1' } } };

const SALE_MAPPING = `id: pos/sale
description: vendor sale to test.sale
to: test.sale
expression: |
  {
    "externalId": id,
    "total": $money(total, currency)
  }
`;

describe('MappingEngine', () => {
  const tmp = tempMappingsDir();
  afterAll(() => tmp.remove());

  let engine: MappingEngine;
  beforeAll(async () => {
    tmp.write('pos/sale.yaml', SALE_MAPPING);
    tmp.write(
      'pos/bad-runtime.yaml',
      'id: pos/bad-runtime\nto: test.sale\nexpression: |\n  {\n    "externalId": id,\n    "total": total + 1\n  }\n',
    );
    tmp.write(
      'pos/context.yaml',
      [
        'id: pos/context',
        'to: test.sale',
        'expression: |',
        '  { "externalId": $connectionId & "/" & $context.reference, "total": $money("1", "VND"),',
        '    "locationId": $lookup("stores", store) }',
      ].join('\n'),
    );
    // Fixture folders are data, never compiled as mappings.
    tmp.write('pos/sale.fixtures/notes.yaml', 'not: a mapping');
    engine = await MappingEngine.load(tmp.dir, { resolveSchema });
  });

  it('compiles every mapping and lists their ids', () => {
    expect(engine.ids()).toEqual(['pos/bad-runtime', 'pos/context', 'pos/sale']);
    expect(engine.has('pos/sale')).toBe(true);
    expect(engine.get('pos/sale')).toMatchObject({ id: 'pos/sale', to: 'test.sale', file: 'pos/sale.yaml' });
    expect(() => engine.get('pos/nope')).toThrow(UnknownMappingError);
  });

  it('returns the schema-parsed output with defaults applied', async () => {
    const outcome = await engine.apply('pos/sale', { id: 'T1', total: '10.05', currency: 'USD' }, context);
    expect(outcome).toEqual({
      ok: true,
      value: { externalId: 'T1', total: { amount: 1005, currency: 'USD' }, channel: 'pos' },
    });
  });

  it('reports schema violations as "<path>: <message>" instead of throwing', async () => {
    const outcome = await engine.apply('pos/sale', { total: '1', currency: 'USD' }, context);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatch(/^externalId: /);
  });

  it('reports function errors (bad money) with the file position', async () => {
    const outcome = await engine.apply('pos/sale', { id: 'T1', total: 'ten', currency: 'USD' }, context);
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^pos\/sale\.yaml:7:\d+: .*\$money/)],
    });
  });

  it('reports JSONata runtime errors with file:line:col', async () => {
    const outcome = await engine.apply('pos/bad-runtime', { id: 'T1', total: 'x' }, context);
    // line 6 of the file is `    "total": total + 1`; the + sits at column 20.
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^pos\/bad-runtime\.yaml:6:20: T2001 /)],
    });
  });

  it('binds $connectionId, $context and $lookup', async () => {
    const outcome = await engine.apply(
      'pos/context',
      { store: 'S1' },
      { ...context, context: { reference: 'r1' } },
    );
    expect(outcome).toEqual({
      ok: true,
      value: {
        externalId: 'pos-1/r1',
        total: { amount: 1, currency: 'VND' },
        locationId: 'WH-1',
        channel: 'pos',
      },
    });
  });

  it('returns a missing lookup key as a record error', async () => {
    const outcome = await engine.apply(
      'pos/context',
      { store: 'S404' },
      { ...context, context: { reference: 'r' } },
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]).toContain('key "S404" not found in lookup table "stores"');
  });

  describe('overrides', () => {
    const input = { id: 'T1', total: '2.50', currency: 'USD', store: 'S1', vendor: { channel: 'web' } };

    it('sets values at dotted output paths after the main expression, evaluated on the input', async () => {
      const overrides = {
        locationId: "$lookup('stores', store)",
        channel: 'vendor.channel',
        'meta.origin.connection': '$connectionId',
        'meta.mainTotal': '$output.total.amount',
      };
      const outcome = await engine.apply('pos/sale', input, { ...context, overrides });
      expect(outcome).toEqual({
        ok: true,
        value: {
          externalId: 'T1',
          total: { amount: 250, currency: 'USD' },
          locationId: 'WH-1',
          channel: 'web',
          meta: { origin: { connection: 'pos-1' }, mainTotal: 250 },
        },
      });
    });

    it('removes a key when the override yields nothing, and the output is validated afterwards', async () => {
      const removed = await engine.apply('pos/sale', input, {
        ...context,
        overrides: { externalId: 'missing' },
      });
      expect(removed).toEqual({ ok: false, errors: [expect.stringMatching(/^externalId: /)] });
    });

    it('reports override syntax and runtime errors per record', async () => {
      const outcome = await engine.apply('pos/sale', input, {
        ...context,
        overrides: { locationId: "$lookup('stores', ", channel: "$lookup('stores', 'S9')" },
      });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.errors).toEqual([
        expect.stringMatching(/^override locationId: syntax error: S0\d+/),
        expect.stringContaining('override channel: '),
      ]);
      expect(outcome.errors[1]).toContain('key "S9" not found');
    });
  });
});

describe('MappingEngine.load errors', () => {
  const tmp = tempMappingsDir();
  afterAll(() => tmp.remove());

  it('lists every broken file with positions in one MappingLoadError', async () => {
    tmp.write('pos/good.yaml', SALE_MAPPING.replace('pos/sale', 'pos/good'));
    tmp.write('pos/syntax.yaml', 'id: pos/syntax\nto: test.sale\nexpression: |\n  {\n    "a": foo(\n  }\n');
    tmp.write('pos/unknown-to.yaml', 'id: pos/unknown-to\nto: canonical.nothing\nexpression: "id"\n');
    tmp.write('pos/wrong-id.yaml', 'id: pos/other\nto: test.sale\nexpression: "id"\n');
    tmp.write('pos/yaml.yaml', 'id: pos/yaml\nto: [test.sale\nexpression: id\n');
    tmp.write('pos/missing.yaml', 'id: pos/missing\nto: test.sale\ncolour: red\n');
    tmp.write('pos/inline.yaml', 'id: pos/inline\nto: test.sale\nexpression: "a + + b"\n');

    const error = await MappingEngine.load(tmp.dir, { resolveSchema }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MappingLoadError);
    const problems = (error as MappingLoadError).problems;
    // "}" at line 6 col 3 cannot start an argument of foo(.
    expect(problems).toContainEqual(expect.stringMatching(/^pos\/syntax\.yaml:6:3: JSONata S0211: /));
    expect(problems).toContainEqual('pos/unknown-to.yaml:2: unknown output schema "canonical.nothing"');
    expect(problems).toContainEqual(
      'pos/wrong-id.yaml:1: id "pos/other" must equal the file\'s path "pos/wrong-id"',
    );
    expect(problems).toContainEqual(expect.stringMatching(/^pos\/yaml\.yaml:\d+:\d+: YAML syntax error: /));
    expect(problems).toContainEqual(expect.stringMatching(/^pos\/missing\.yaml: expression: /));
    expect(problems).toContainEqual(expect.stringMatching(/^pos\/missing\.yaml: \(root\): .*colour/));
    // Inline double-quoted scalar: "a + + b" starts at col 13; the second + is expression index 4.
    expect(problems).toContainEqual(expect.stringMatching(/^pos\/inline\.yaml:3:18: JSONata S0\d+/));
    expect(problems.some((p) => p.startsWith('pos/good.yaml'))).toBe(false);
    expect((error as Error).message.split('\n')[0]).toMatch(/^\d+ mapping problems in /);
  });
});

describe('evaluatePredicate', () => {
  const record = { kind: 'sale', totals: { total: { amount: 1200 } }, lines: [] };

  it('applies JSONata truthiness to canonical records', async () => {
    await expect(evaluatePredicate("kind = 'sale'", record)).resolves.toBe(true);
    await expect(evaluatePredicate("kind = 'refund'", record)).resolves.toBe(false);
    await expect(evaluatePredicate('totals.total.amount > 1000', record)).resolves.toBe(true);
    await expect(evaluatePredicate('customer.email', record)).resolves.toBe(false);
    await expect(evaluatePredicate('lines', record)).resolves.toBe(false);
  });

  it('reuses the compiled expression and rejects broken ones', async () => {
    for (let i = 0; i < 3; i++) await expect(evaluatePredicate("kind = 'sale'", record)).resolves.toBe(true);
    await expect(evaluatePredicate("kind = 'sale", record)).rejects.toMatchObject({ code: 'S0101' });
    await expect(evaluatePredicate('kind + 1', record)).rejects.toMatchObject({ code: 'T2001' });
  });
});
