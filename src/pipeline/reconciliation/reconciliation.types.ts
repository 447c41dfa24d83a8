import type { DeliveryStatus } from '../../ledger';

/**
 * Totals of a set of transactions in one currency, in integer minor units. Refund amounts are
 * subtracted in `net`, `tax` and `tenders` (a refund gives money back); voids are counted only.
 */
export interface Totals {
  readonly currency: string;
  readonly transactions: number;
  readonly sales: { readonly count: number; readonly amount: number };
  readonly refunds: { readonly count: number; readonly amount: number };
  readonly voids: number;
  /** Sales minus refunds. */
  readonly net: number;
  /** Tax of sales minus tax of refunds. */
  readonly tax: number;
  /** Net amount per tender type (card, cash, ...). */
  readonly tenders: Readonly<Record<string, number>>;
}

/** Why a transaction is listed: the target never got it, or holds an older version of it. */
export type ReconciliationProblem = 'missing' | 'differing';

/** One transaction a destination does not hold as the ledger does. */
export interface ReconciliationItem {
  readonly problem: ReconciliationProblem;
  readonly recordId: string;
  readonly externalId: string;
  readonly kind: string;
  readonly receiptNumber: string | null;
  readonly occurredAt: string;
  readonly total: number;
  readonly currency: string;
  readonly routeId: string;
  /** The version the ledger holds now. */
  readonly currentVersion: number;
  /** The newest version the destination received, when it received one. */
  readonly deliveredVersion: number | null;
  /** Status of the newest delivery on the route; `none` when no delivery row exists. */
  readonly deliveryStatus: DeliveryStatus | 'none';
  readonly lastError: string | null;
  /** Human-readable explanation (which summary document, which error). */
  readonly reason: string;
}

/** What one destination holds of one location's day. */
export interface DestinationReconciliation {
  readonly destination: string;
  readonly routes: readonly string[];
  readonly posting: 'per-sale' | 'daily-summary';
  /** Transactions the routes take (after their filters). */
  readonly expected: number;
  /** Of those, delivered at their current version. */
  readonly delivered: number;
  /** Totals of what the destination received (delivered versions, or the delivered summaries). */
  readonly deliveredTotals: Totals;
  /** POS totals of the expected transactions, to compare with `deliveredTotals`. */
  readonly expectedTotals: Totals;
  readonly ok: boolean;
  readonly items: readonly ReconciliationItem[];
}

/** One POS location (and currency) of one source connection on the day. */
export interface LocationReconciliation {
  readonly source: string;
  readonly location: string;
  readonly timezone: string;
  /** The business day as UTC instants [from, to). */
  readonly from: string;
  readonly to: string;
  readonly pos: Totals;
  readonly destinations: readonly DestinationReconciliation[];
  readonly ok: boolean;
}

/** The answer of GET /api/v1/reports/reconciliation and `poshub reconcile`. */
export interface ReconciliationReport {
  readonly date: string;
  readonly generatedAt: string;
  readonly ok: boolean;
  readonly missing: number;
  readonly differing: number;
  readonly locations: readonly LocationReconciliation[];
}

/** Filters of a reconciliation run. */
export interface ReconciliationQuery {
  /** Business day, YYYY-MM-DD. */
  readonly date: string;
  /** IANA zone for every location; default: the route's posting zone for the location, else UTC. */
  readonly timezone?: string;
  readonly location?: string;
  readonly destination?: string;
  /** Called after each location is done (the CLI prints progress). */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}
