import type { SalesTransaction } from '../../canonical';
import type { DeliveryRow, DeliveryStatus } from '../../ledger';
import type { ReconciliationItem, ReconciliationProblem } from './reconciliation.types';

/** A transaction as the ledger holds it now. */
export interface CurrentTransaction {
  readonly recordId: string;
  readonly externalId: string;
  readonly version: number;
  readonly tx: SalesTransaction;
}

/** What one route did with one transaction, judged from its delivery rows. */
export type RouteVerdict =
  | { readonly ok: true; readonly deliveredVersion: number }
  | {
      readonly ok: false;
      readonly problem: ReconciliationProblem;
      readonly deliveredVersion: number | null;
      readonly status: DeliveryStatus | 'none';
      readonly lastError: string | null;
    };

/**
 * Per-record posting: the route delivered the transaction when a delivery of its current version
 * is done. A done delivery of an older version only means the target holds stale figures
 * ("differing"); no done delivery at all means "missing", reported with the newest row's status
 * and error so the operator sees why (dead, still pending, skipped).
 */
export function routeVerdict(current: CurrentTransaction, rows: readonly DeliveryRow[]): RouteVerdict {
  let deliveredVersion: number | null = null;
  for (const row of rows) {
    if (row.status === 'done' && (deliveredVersion === null || row.recordVersion > deliveredVersion)) {
      deliveredVersion = row.recordVersion;
    }
  }
  if (deliveredVersion !== null && deliveredVersion >= current.version) return { ok: true, deliveredVersion };
  const newest = [...rows].sort(
    (a, b) => b.recordVersion - a.recordVersion || b.updatedAt.localeCompare(a.updatedAt),
  )[0];
  return {
    ok: false,
    problem: deliveredVersion === null ? 'missing' : 'differing',
    deliveredVersion,
    status: newest?.status ?? 'none',
    lastError: newest?.lastError ?? null,
  };
}

/** The listed line for a transaction a route did not deliver as the ledger holds it. */
export function itemOf(
  current: CurrentTransaction,
  routeId: string,
  verdict: Exclude<RouteVerdict, { ok: true }>,
  reason?: string,
): ReconciliationItem {
  const tx = current.tx;
  return {
    problem: verdict.problem,
    recordId: current.recordId,
    externalId: current.externalId,
    kind: tx.kind,
    receiptNumber: tx.receiptNumber ?? null,
    occurredAt: tx.occurredAt,
    total: tx.totals.total.amount,
    currency: tx.currency,
    routeId,
    currentVersion: current.version,
    deliveredVersion: verdict.deliveredVersion,
    deliveryStatus: verdict.status,
    lastError: verdict.lastError,
    reason: reason ?? defaultReason(verdict),
  };
}

function defaultReason(verdict: Exclude<RouteVerdict, { ok: true }>): string {
  if (verdict.problem === 'differing') {
    return `target holds version ${verdict.deliveredVersion}; newest delivery ${verdict.status}`;
  }
  if (verdict.status === 'none') return 'no delivery was created for this route';
  return `delivery ${verdict.status}${verdict.lastError ? `: ${verdict.lastError}` : ''}`;
}
