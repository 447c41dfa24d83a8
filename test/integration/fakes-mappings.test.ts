import { join } from 'node:path';
import { CANONICAL_SCHEMAS, validateCanonical } from '../../src/canonical';
import { MappingEngine, createSchemaResolver } from '../../src/mapping';
import { buildRegistry } from '../../src/registry';
import { CONNECTORS } from '../../connectors';
import { connect, readAll } from '../fakes/connector-harness';
import { fakeErp } from '../fakes/fake-erp/fake-erp.connector';
import { FakeErpServer } from '../fakes/fake-erp/fake-erp.server';
import { fakePos } from '../fakes/fake-pos/fake-pos.connector';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';

/** The fakes' generated data, pushed through the repo's real mappings and canonical validation. */
describe('fake connectors with the real mappings', () => {
  let engine: MappingEngine;

  beforeAll(async () => {
    const registry = buildRegistry(CONNECTORS);
    engine = await MappingEngine.load(join(__dirname, '../../mappings'), {
      resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: (id) => registry.get(id)?.manifest }),
    });
  });

  it.each(['USD', 'VND', 'KWD', 'EUR', 'JPY'])(
    'every generated %s transaction maps to a canonical transaction that satisfies the invariants',
    async (currency) => {
      const server = await FakePosServer.start({
        seed: currency.charCodeAt(0) * 31 + currency.charCodeAt(2),
      });
      try {
        const generated = server.generate(150, { currency, refundRatio: 0.25 });
        expect(generated.filter((t) => t.type === 'REFUND').length).toBeGreaterThan(10);
        for (const txn of generated) {
          const mapped = await engine.apply('fake-pos/transaction', txn, {
            connectionId: 'pos',
            lookups: {},
          });
          if (!mapped.ok) throw new Error(`${txn.id}: ${mapped.errors.join('; ')}`);
          const valid = validateCanonical('transaction', mapped.value);
          if (!valid.ok) throw new Error(`${txn.id}: ${valid.reasons.join('; ')}`);
          expect(valid.value.kind).toBe(txn.type === 'REFUND' ? 'refund' : 'sale');
          const invoice = await engine.apply('fake-erp/invoice', valid.value, {
            connectionId: 'erp',
            lookups: {},
            context: { reference: `poshub:${txn.id}` },
          });
          if (!invoice.ok) throw new Error(`${txn.id} invoice: ${invoice.errors.join('; ')}`);
          expect(invoice.value).toMatchObject({ total: txn.total, currency });
        }
      } finally {
        await server.close();
      }
    },
  );

  it('a transaction whose vendor totals do not add up is caught by the invariants, not fixed up', async () => {
    const server = await FakePosServer.start({ seed: 5 });
    try {
      const [txn] = server.generate(1, { currency: 'USD', refundRatio: 0 });
      const mapped = await engine.apply(
        'fake-pos/transaction',
        { ...txn, total: '0.01' },
        { connectionId: 'p', lookups: {} },
      );
      expect(mapped.ok).toBe(true);
      const valid = validateCanonical('transaction', mapped.ok ? mapped.value : undefined);
      expect(valid.ok).toBe(false);
      expect(valid.ok ? [] : valid.reasons.join('\n')).toContain('totals.total');
    } finally {
      await server.close();
    }
  });

  it('reads POS pages, maps them and writes them to the ERP once, even when replayed', async () => {
    const pos = await FakePosServer.start({ seed: 77 });
    const erp = await FakeErpServer.start({ seed: 77 });
    try {
      pos.generate(60, { currency: 'VND', refundRatio: 0.2, customers: 4 });
      const source = connect(fakePos, { baseUrl: pos.url, apiKey: pos.apiKey, pageSize: 25 });
      const sink = connect(fakeErp, { baseUrl: erp.url, apiKey: erp.apiKey });
      const deliver = async (
        stream: string,
        mapping: string,
        entity: string,
        kind: 'transaction' | 'customer',
      ) => {
        for (const page of await readAll(source, stream, null)) {
          for (const record of page.records) {
            const canonical = await engine.apply(mapping, record.data, { connectionId: 'pos', lookups: {} });
            if (!canonical.ok) throw new Error(canonical.errors.join('; '));
            const valid = validateCanonical(kind, canonical.value);
            if (!valid.ok) throw new Error(valid.reasons.join('; '));
            const reference = `poshub:${stream}:${record.externalId}`;
            const target = `fake-erp/${entity}`;
            const payload = await engine.apply(target, valid.value, {
              connectionId: 'erp',
              lookups: {},
              context: { reference },
            });
            if (!payload.ok) throw new Error(payload.errors.join('; '));
            await sink.write!(entity, payload.value, {
              reference,
              idempotencyKey: `${reference}:${record.version}`,
            });
          }
        }
      };
      // Second round simulates a replay after a crash: nothing may be created twice.
      for (let round = 0; round < 2; round += 1) {
        await deliver('customers', 'fake-pos/customer', 'customer', 'customer');
        await deliver('transactions', 'fake-pos/transaction', 'invoice', 'transaction');
      }
      expect(erp.invoices()).toHaveLength(60);
      expect(erp.customers()).toHaveLength(4);
      expect(erp.creates()).toHaveLength(64);
      expect(erp.duplicateReferences()).toEqual([]);
      expect(erp.invoices().filter((i) => i.type === 'credit_note').length).toBeGreaterThan(0);
    } finally {
      await Promise.all([pos.close(), erp.close()]);
    }
  });
});
