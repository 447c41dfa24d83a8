import type { SalesTransaction } from '../../canonical';
import type { Ledger } from '../../ledger';
import type { ResolvedRoute } from '../route-table';
import { summaryOrigin } from '../summary/daily-summary.service';
import { itemOf, routeVerdict, type CurrentTransaction } from './route-verdict';
import type { ReconciliationItem } from './reconciliation.types';

/** Adjustment documents of one closed day are few; this bounds the look-up loop. */
const MAX_ADJUSTMENTS = 1000;

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
 * document (`<location>@<day>`) and its adjustments (`#1`, `#2`, ...). A sale is delivered when a
 * summary counted its current version and every summary document of the day is delivered at its
 * current version. The ledger records the counted version per sale but this check does not split
 * sales by document, so one undelivered adjustment lists every counted sale of the day with the
 * document named in the reason: over-reporting, never hiding a gap.
 */
export async function summaryVerdict(
  ledger: Ledger,
  route: ResolvedRoute,
  location: string,
  day: string,
  sales: readonly CurrentTransaction[],
): Promise<SummaryVerdict> {
  const documents = await summaryDocuments(ledger, route, location, day);
  const counted = await ledger.summaries.counted(
    route.id,
    sales.map((s) => s.recordId),
  );
  const pending = documents.filter((d) => d.state !== 'delivered');
  const items: ReconciliationItem[] = [];
  const delivered = new Set<string>();
  for (const sale of sales) {
    const version = counted.get(sale.recordId);
    if (version === undefined) {
      items.push(
        itemOf(
          sale,
          route.id,
          { ok: false, problem: 'missing', deliveredVersion: null, status: 'none', lastError: null },
          'counted in no summary of the day yet',
        ),
      );
    } else if (version < sale.version) {
      items.push(
        itemOf(
          sale,
          route.id,
          { ok: false, problem: 'differing', deliveredVersion: version, status: 'done', lastError: null },
          `summary counted version ${version}; a posted summary is never edited`,
        ),
      );
    } else if (pending.length > 0) {
      const anyMissing = pending.some((d) => d.state === 'missing');
      items.push(
        itemOf(
          sale,
          route.id,
          {
            ok: false,
            problem: anyMissing ? 'missing' : 'differing',
            deliveredVersion: anyMissing ? null : version,
            status: 'none',
            lastError: null,
          },
          `summary ${pending.map((d) => `${d.externalId} ${d.status}`).join(', ')}`,
        ),
      );
    } else {
      delivered.add(sale.recordId);
    }
  }
  return {
    items,
    delivered,
    deliveredDocuments: documents.flatMap((d) => (d.delivered ? [d.delivered] : [])),
  };
}

async function summaryDocuments(
  ledger: Ledger,
  route: ResolvedRoute,
  location: string,
  day: string,
): Promise<SummaryDocument[]> {
  const out: SummaryDocument[] = [];
  for (let n = 0; n <= MAX_ADJUSTMENTS; n++) {
    const externalId = `${location}@${day}${n > 0 ? `#${n}` : ''}`;
    const record = await ledger.records.findByExternalId('transaction', summaryOrigin(route.id), externalId);
    if (!record) break;
    const current = await ledger.records.getCurrent(record.id);
    if (!current) break;
    const rows = (await ledger.deliveries.list({ recordId: record.id, routeId: route.id, limit: 1000 }))
      .items;
    const verdict = routeVerdict(
      {
        recordId: record.id,
        externalId,
        version: record.version,
        tx: current.data as SalesTransaction,
      },
      rows,
    );
    const deliveredVersion = verdict.deliveredVersion;
    const delivered =
      deliveredVersion === null
        ? null
        : deliveredVersion === record.version
          ? (current.data as SalesTransaction)
          : ((await ledger.records.getVersion(record.id, deliveredVersion))?.data as SalesTransaction);
    out.push({
      externalId,
      delivered,
      state: verdict.ok ? 'delivered' : verdict.problem === 'differing' ? 'stale' : 'missing',
      status: verdict.ok ? 'done' : verdict.status,
    });
  }
  return out;
}
