import { fromMinorUnits } from '../canonical';
import type {
  DestinationReconciliation,
  ReconciliationReport,
  Totals,
} from '../pipeline/reconciliation/reconciliation.types';

/** Pads cells into aligned columns (plain text: a terminal, a ticket, an e-mail all read it). */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

function tenders(t: Totals): string {
  const parts = Object.entries(t.tenders)
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, amount]) => `${type} ${fromMinorUnits(amount, t.currency)}`);
  return parts.length > 0 ? parts.join(', ') : '-';
}

function totalsRow(label: string, t: Totals, extra: readonly string[]): string[] {
  const m = (amount: number) => fromMinorUnits(amount, t.currency);
  return [
    label,
    String(t.transactions),
    `${t.sales.count} / ${m(t.sales.amount)}`,
    `${t.refunds.count} / ${m(t.refunds.amount)}`,
    m(t.tax),
    m(t.net),
    tenders(t),
    ...extra,
  ];
}

function destinationRow(d: DestinationReconciliation): string[] {
  const missing = d.items.filter((i) => i.problem === 'missing').length;
  const differing = d.items.length - missing;
  return totalsRow(`→ ${d.destination} (${d.posting})`, d.deliveredTotals, [
    `${d.delivered}/${d.expected}`,
    String(missing),
    String(differing),
    d.ok ? 'ok' : 'MISMATCH',
  ]);
}

/** The report as the readable table `poshub reconcile` prints. */
export function formatReconciliation(report: ReconciliationReport): string[] {
  const lines = [`reconciliation of ${report.date}`];
  if (report.locations.length === 0) {
    lines.push('no transactions on that day');
    return lines;
  }
  for (const location of report.locations) {
    lines.push('');
    lines.push(
      `${location.source} / location ${location.location} (${location.pos.currency}, ${location.timezone}, ` +
        `${location.from} .. ${location.to})`,
    );
    const header = [
      '',
      'count',
      'sales',
      'refunds',
      'tax',
      'net',
      'tenders',
      'delivered',
      'missing',
      'differing',
      '',
    ];
    const rows = [header, totalsRow('POS', location.pos, ['', '', '', ''])];
    for (const d of location.destinations) rows.push(destinationRow(d));
    lines.push(...table(rows).map((l) => `  ${l}`));
    for (const d of location.destinations) {
      for (const item of d.items) {
        lines.push(
          `  ${item.problem.toUpperCase().padEnd(9)} ${d.destination}  ${item.externalId}` +
            `${item.receiptNumber ? ` (${item.receiptNumber})` : ''}  ${item.kind} ${fromMinorUnits(item.total, item.currency)} ${item.currency}` +
            `  ${item.occurredAt}  ${item.reason}`,
        );
      }
    }
  }
  lines.push('');
  lines.push(
    report.ok
      ? 'all transactions delivered'
      : report.missing + report.differing === 0
        ? 'every transaction delivered, but delivered totals differ from the POS (see the table)'
        : `${report.missing} missing, ${report.differing} differing transaction deliveries`,
  );
  return lines;
}
