import type { Ledger } from '../../ledger';
import { evaluatePredicate } from '../../mapping/mapping-engine';
import type { ResolvedRoute } from '../route-table';
import { summaryOrigin } from '../summary/daily-summary.service';
import type { StockSale } from './stock-math';

/** A POS sale or refund in U, and the summary document that counts it (daily-summary routes). */
export interface UndeliveredSale {
  readonly recordId: string;
  /** The daily-summary document counting this sale (not delivered in a final version yet), if any. */
  readonly summaryExternalId: string | null;
  readonly data: StockSale;
}

/**
 * Every transaction of POS `pos` that the ERP's stock does not hold yet (the U of
 * docs/stock-sync.md), over `routes` (those posting the POS's transactions to the ERP):
 * - on a route posting them one by one, and for the refunds of a daily-summary route (credit
 *   notes, one each): a pending or dead delivery and no done one;
 * - the sales of a daily-summary route not counted by a document whose FINAL version was
 *   delivered: the ERP moves stock when it confirms/posts the document, never for a draft.
 */
export async function undeliveredSales(
  tx: Ledger,
  pos: string,
  routes: readonly ResolvedRoute[],
): Promise<UndeliveredSale[]> {
  const perRecord = await tx.stock.undelivered(
    pos,
    routes.map((r) => r.id),
  );
  const out: UndeliveredSale[] = perRecord.map((r) => ({
    recordId: r.recordId,
    summaryExternalId: null,
    data: r.data as StockSale,
  }));
  const seen = new Set(out.map((o) => o.recordId));
  for (const route of routes.filter((r) => r.dailySummary)) {
    const backlog = await tx.stock.undeliveredSummarySales(pos, {
      routeId: route.id,
      summaryOrigin: summaryOrigin(route.id),
    });
    for (const r of backlog) {
      // Each sale once, should another route post it one by one as well.
      if (seen.has(r.recordId)) continue;
      // Sales the route's filter leaves out are never summarised, so never posted.
      if (route.filter && !(await evaluatePredicate(route.filter, r.data))) continue;
      seen.add(r.recordId);
      out.push({ recordId: r.recordId, summaryExternalId: r.summaryExternalId, data: r.data as StockSale });
    }
  }
  return out;
}
