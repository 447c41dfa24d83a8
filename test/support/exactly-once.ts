import { toMinorUnits } from '../../src/canonical';
import type { FakeErpServer } from '../fakes/fake-erp/fake-erp.server';

/** What a fake POS transaction contributes to the exactly-once check. */
export interface SentTransaction {
  readonly id: string;
  readonly total: string;
  readonly currency: string;
}

/**
 * Asserts that the ERP holds each sent transaction exactly once: as many creates as transactions,
 * no reference created twice, and the totals summing to the same minor units.
 */
export function expectExactlyOnce(erp: FakeErpServer, sent: readonly SentTransaction[]): void {
  const creates = erp.creates();
  expect(erp.duplicateReferences()).toEqual([]);
  expect(creates).toHaveLength(sent.length);
  const currency = sent[0]?.currency ?? 'USD';
  const sentMinor = sent.reduce((sum, t) => sum + BigInt(toMinorUnits(t.total, t.currency, 'reject')), 0n);
  const erpMinor = erp
    .invoices()
    .reduce(
      (sum, invoice) => sum + BigInt(toMinorUnits(invoice.total, invoice.currency ?? currency, 'reject')),
      0n,
    );
  expect(erpMinor).toBe(sentMinor);
}
