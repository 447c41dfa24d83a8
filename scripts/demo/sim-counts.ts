import type { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import type { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import type { SquareOrder, SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import { recordId } from '../../src/ledger';

/** What the demo counts at the simulators themselves, not from poshub's own ledger. */
export interface SimCounts {
  /** POS transactions (sales and refunds) that are in Odoo as documents carrying their poshub ref. */
  readonly erp: number;
  /** POS transactions in HubSpot: sale deals, and refunds on their sale's deal or as refund deals. */
  readonly crm: number;
  /** PHYSICAL_COUNT changes written to Square through its API. */
  readonly stockPushed: number;
  /** Extra Odoo documents/partners sharing one poshub ref, plus HubSpot's own duplicate count. */
  readonly duplicates: number;
  readonly odooDuplicates: number;
  readonly hubspotDuplicates: number;
  /** 429s HubSpot answered (its 10-second budget). */
  readonly hubspot429: number;
}

/** poshub's reference of a Square order as a ledger transaction (`poshub:<record id>`). */
export function transactionReference(squareConnectionId: string, order: SquareOrder): string {
  return `poshub:${recordId('transaction', squareConnectionId, order.id)}`;
}

/** Number of rows beyond the first per key (0 when every key is unique). */
function extras(keys: readonly unknown[]): number {
  const seen = new Set<unknown>();
  let extra = 0;
  for (const key of keys) {
    if (seen.has(key)) extra += 1;
    seen.add(key);
  }
  return extra;
}

/** Odoo's sale orders and credit notes by poshub ref, and how many refs appear twice. */
function odooDocuments(odoo: OdooSimulator): { refs: Set<string>; duplicates: number } {
  const orders = odoo
    .records('sale.order')
    .filter((o) => o.state === 'sale' || o.state === 'done')
    .map((o) => o.client_order_ref)
    .filter((r): r is string => typeof r === 'string' && r.startsWith('poshub:'));
  const moves = odoo
    .records('account.move')
    .filter((m) => m.state === 'posted')
    .map((m) => m.ref)
    .filter((r): r is string => typeof r === 'string' && r.startsWith('poshub:'));
  const partners = odoo
    .records('res.partner')
    .map((p) => p.ref)
    .filter((r): r is string => typeof r === 'string' && r.startsWith('poshub:'));
  return {
    refs: new Set([...orders, ...moves]),
    duplicates: extras(orders) + extras(moves) + extras(partners),
  };
}

/** Transaction refs HubSpot holds: deals by poshub_transaction_id, refunds noted on their sale's deal. */
function hubspotTransactions(hubspot: HubSpotSimulator): Set<string> {
  const refs = new Set<string>();
  for (const deal of hubspot.objects('deals')) {
    const own = deal.properties.poshub_transaction_id;
    if (own) refs.add(own);
    const refunds = deal.properties.poshub_refunds;
    if (!refunds) continue;
    try {
      for (const reference of Object.keys(JSON.parse(refunds) as Record<string, unknown>))
        refs.add(reference);
    } catch {
      // Not poshub's JSON: nothing to count.
    }
  }
  return refs;
}

/** Counts the demo's transactions where they landed, and the duplicates each system holds. */
export function countAtSimulators(sims: {
  square: SquareSimulator;
  odoo: OdooSimulator;
  hubspot: HubSpotSimulator;
  orders: readonly SquareOrder[];
}): SimCounts {
  const references = sims.orders.map((o) => transactionReference('square', o));
  const odoo = odooDocuments(sims.odoo);
  const crm = hubspotTransactions(sims.hubspot);
  const hubspotDuplicates = sims.hubspot.duplicates();
  const limited = sims.hubspot.counters.rateLimited;
  return {
    erp: references.filter((r) => odoo.refs.has(r)).length,
    crm: references.filter((r) => crm.has(r)).length,
    stockPushed: sims.square.inventoryChanges().filter((c) => c.type === 'PHYSICAL_COUNT').length,
    duplicates: odoo.duplicates + hubspotDuplicates,
    odooDuplicates: odoo.duplicates,
    hubspotDuplicates,
    hubspot429: limited.TEN_SECONDLY_ROLLING + limited.SECONDLY + limited.DAILY,
  };
}
