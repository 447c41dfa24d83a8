import type { SalesTransaction } from '../../canonical';
import type { Ledger, SummaryCount } from '../../ledger';
import type { ResolvedRoute } from '../route-table';
import { summaryOrigin } from '../summary/daily-summary.service';
import { itemOf, routeVerdict, type CurrentTransaction } from './route-verdict';
import type { ReconciliationItem } from './reconciliation.types';

/** What a daily-summary route delivered of one location's day. */
export interface SummaryVerdict {
  readonly items: ReconciliationItem[];
  /** Sales the delivered summaries hold at their current version. */
  readonly delivered: Set<string>;
  /** The summary documents as the target received them (for the delivered totals). */
  readonly deliveredDocuments: SalesTransaction[];
}

interface SummaryDocument {
  readonly externalId: string;
  readonly delivered: SalesTransaction | null;
  readonly state: 'delivered' | 'stale' | 'missing';
  readonly status: string;
}

/**
 * Daily-summary posting (docs/posting-policies.md): sales reach the target inside the day's summary
 * document (`<location>@<day>`) and its adjustments (`#1`, `#2`, ...). The ledger keeps which
 * document counted which version of each sale, so a sale is delivered when a summary counted its
 * current version and that document is delivered at its current version; an undelivered document
 * lists its own sales only. Every delivered document of the day still adds to the delivered totals.
 */
export async function summaryVerdict(
  ledger: Ledger,
  route: ResolvedRoute,
  location: string,
  day: string,
  sales: readonly CurrentTransaction[],
): Promise<SummaryVerdict> {
  const documents = await summaryDocuments(ledger, route, location, day);
  const counted = await ledger.summaries.countedBy(
    route.id,
    sales.map((s) => s.recordId),
  );
  const items: ReconciliationItem[] = [];
  const delivered = new Set<string>();
  for (const sale of sales) {
    const count = counted.get(sale.recordId);
    if (count === undefined) {
      items.push(
        itemOf(
          sale,
          route.id,
          { ok: false, problem: 'missing', deliveredVersion: null, status: 'none', lastError: null },
          'counted in no summary of the day yet',
        ),
      );
    } else if (count.version < sale.version) {
      items.push(
        itemOf(
          sale,
          route.id,
          {
            ok: false,
            problem: 'differing',
            deliveredVersion: count.version,
            status: 'done',
            lastError: null,
          },
          `summary counted version ${count.version}; a posted summary is never edited`,
        ),
      );
    } else {
      const document = documents.find((d) => d.externalId === count.summaryExternalId);
      if (document?.state === 'delivered') delivered.add(sale.recordId);
      else items.push(undeliveredItem(sale, route.id, count, document));
    }
  }
  return {
    items,
    delivered,
    deliveredDocuments: documents.flatMap((d) => (d.delivered ? [d.delivered] : [])),
  };
}

/** A sale counted at its current version by a document the target does not hold as the ledger does. */
function undeliveredItem(
  sale: CurrentTransaction,
  routeId: string,
  count: SummaryCount,
  document: SummaryDocument | undefined,
): ReconciliationItem {
  const stale = document?.state === 'stale';
  return itemOf(
    sale,
    routeId,
    {
      ok: false,
      problem: stale ? 'differing' : 'missing',
      deliveredVersion: stale ? count.version : null,
      status: 'none',
      lastError: null,
    },
    document
      ? `summary ${document.externalId} ${document.status}`
      : `summary ${count.summaryExternalId} is not a document of the day in the ledger`,
  );
}

/** The day's summary document and its adjustments, in that order, each judged from its deliveries. */
async function summaryDocuments(
  ledger: Ledger,
  route: ResolvedRoute,
  location: string,
  day: string,
): Promise<SummaryDocument[]> {
  const base = `${location}@${day}`;
  // Every adjustment number reserved for the day. A build that failed after reserving one left no
  // document under it, so the numbers are looked up all at once and a gap hides none after it.
  const reserved =
    (await ledger.summaries.get({ routeId: route.id, locationId: location, businessDay: day }))
      ?.adjustments ?? 0;
  const externalIds = [base, ...Array.from({ length: reserved }, (_, i) => `${base}#${i + 1}`)];
  const records = await ledger.records.listCurrentByExternalIds({
    kind: 'transaction',
    originConnectionId: summaryOrigin(route.id),
    externalIds,
  });
  const deliveries = await ledger.deliveries.listByRecordIds(
    records.map((r) => r.recordId),
    { routeId: route.id },
  );
  const position = new Map(externalIds.map((id, i) => [id, i]));
  records.sort((a, b) => position.get(a.externalId)! - position.get(b.externalId)!);
  const out: SummaryDocument[] = [];
  for (const record of records) {
    const data = record.data as SalesTransaction;
    const verdict = routeVerdict(
      { recordId: record.recordId, externalId: record.externalId, version: record.version, tx: data },
      deliveries.get(record.recordId) ?? [],
    );
    const deliveredVersion = verdict.deliveredVersion;
    const delivered =
      deliveredVersion === null
        ? null
        : deliveredVersion === record.version
          ? data
          : (((await ledger.records.getVersion(record.recordId, deliveredVersion))?.data as
              SalesTransaction | undefined) ?? null);
    out.push({
      externalId: record.externalId,
      delivered,
      state: verdict.ok ? 'delivered' : verdict.problem === 'differing' ? 'stale' : 'missing',
      status: verdict.ok ? 'done' : verdict.status,
    });
  }
  return out;
}
