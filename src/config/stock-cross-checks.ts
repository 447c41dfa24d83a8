import type { ConfigIssue } from './config-validation.error';

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The derived stream the owner side's stock is pushed from (src/registry/derived-streams.ts). */
const STOCK_SYNC_STREAM = 'stock-sync';

/**
 * Checks of the `stock:` section that span sections: both connections exist, the lookups it names
 * exist, a route carries the owner's `stock-sync` stream to the other side, and, when the ERP owns
 * the stock, no ERP location is shared by two POS locations (an ERP figure cannot be split between
 * them; POS-owned sync sums such locations instead).
 */
export function crossCheckStock(raw: unknown): ConfigIssue[] {
  const root = record(raw);
  if (root.stock === undefined) return [];
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const stock = record(root.stock);
  const connections = record(root.connections);
  const lookups = record(root.lookups);
  const erp = text(stock.erp);
  const pos = text(stock.pos);
  for (const [key, id] of [
    ['erp', erp],
    ['pos', pos],
  ] as const) {
    if (id !== undefined && !(id in connections)) add(`stock.${key}`, `unknown connection "${id}"`);
  }
  if (erp !== undefined && erp === pos) add('stock.pos', 'must be another connection than stock.erp');
  for (const key of ['locations', 'products'] as const) {
    const name = text(stock[key]);
    if (name !== undefined && !(name in lookups)) add(`stock.${key}`, `unknown lookup "${name}"`);
  }

  const owner = text(stock.owner);
  const [from, to] = owner === 'erp' ? [erp, pos] : owner === 'pos' ? [pos, erp] : [];
  if (from !== undefined && to !== undefined) {
    const routes = Array.isArray(root.routes) ? root.routes.map(record) : [];
    const carried = routes.some(
      (r) =>
        record(r.source).connection === from &&
        record(r.source).stream === STOCK_SYNC_STREAM &&
        record(r.destination).connection === to,
    );
    if (!carried) {
      add(
        'stock.owner',
        `owner "${owner}" needs a route from { connection: ${from}, stream: ${STOCK_SYNC_STREAM} } to ` +
          `connection ${to} (its stock entity)`,
      );
    }
  }

  const locations = record(lookups[text(stock.locations) ?? '']);
  if (owner === 'erp') {
    const byErp = new Map<string, string[]>();
    for (const [posLocation, erpLocation] of Object.entries(locations)) {
      const key = String(erpLocation);
      byErp.set(key, [...(byErp.get(key) ?? []), posLocation]);
    }
    for (const [erpLocation, posLocations] of byErp) {
      if (posLocations.length < 2) continue;
      add(
        'stock.locations',
        `POS locations ${posLocations.join(', ')} all map to ERP location ${erpLocation}: with owner "erp" ` +
          'one ERP figure cannot be split between POS locations; map each to its own ERP location, or ' +
          'use owner "pos" (POS counts are then summed into the ERP location)',
      );
    }
  }
  return issues;
}
