import { RejectedError, type ConnectorContext } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import type { HubSpotConfig } from './hubspot.config';
import { errorStatus } from './hubspot.errors';
import { parseRefunds, sameDecimal, subtractAll } from './hubspot.money';
import { REFUNDS_PROPERTY, SALE_AMOUNT_PROPERTY } from './hubspot.properties';
import { CrmObjectSchema, type CrmObject } from './hubspot.schemas';

/*
 * A sale's deal whose refunds were recorded on it (policy `negative-line-items`) shows
 * amount = poshub_sale_amount − Σ poshub_refunds. Two writers change those properties:
 *  - the sale's write upserts amount and poshub_sale_amount (= the new sale) outside any lock, then
 *    (step e) fixes the amount of deals that carry refunds;
 *  - a refund adds itself to poshub_refunds and sets the amount.
 * Both amount fixes run inside `exclusive('deal:<id>')` and re-read the deal there, and only the
 * sale's upsert ever changes poshub_sale_amount once the deal has it. Why the last amount written
 * is right, whatever the interleaving (U = the sale's upsert, C = step e's read of which deals carry
 * refunds, [G … P … R] = a refund's section: read, patch, re-read):
 *  - U before G: the refund reads the new sale.
 *  - U between G and P: P computes from the old sale, but R (after P, so after U) sees the new sale
 *    and patches again.
 *  - U after P: C follows U, so it sees this refund and step e runs; its section follows the
 *    refund's and re-reads both the new sale and every refund.
 * Step e with C before a refund's P and no earlier refunds on the deal does nothing, which is right:
 * that refund's G or R follows U.
 */

/** The connector context's cross-process section (a Redis lock in the hub). */
export type Exclusive = ConnectorContext<HubSpotConfig>['exclusive'];

/** What the net amount is computed from. */
export const NET_PROPERTIES = [REFUNDS_PROPERTY, SALE_AMOUNT_PROPERTY, 'amount', 'deal_currency_code'];

/** The section that serialises every read-modify-write of one deal's amount and refunds. */
export function withDeal<T>(exclusive: Exclusive, dealId: string, fn: () => Promise<T>): Promise<T> {
  return exclusive(`deal:${dealId}`, fn);
}

/** GET the deal's {@link NET_PROPERTIES}; undefined when HubSpot no longer has it (404). */
export async function readNet(client: HubSpotClient, dealId: string): Promise<CrmObject | undefined> {
  try {
    return await client.get(`/crm/v3/objects/deals/${dealId}`, CrmObjectSchema, {
      properties: NET_PROPERTIES.join(','),
    });
  } catch (err) {
    if (err instanceof RejectedError && errorStatus(err) === 404) return undefined;
    throw err;
  }
}

/** sale − Σ refunds for a deal as read (sale: poshub_sale_amount, else the amount a legacy deal has). */
export function netAmount(deal: CrmObject, fallbackCurrency?: string): string {
  const p = deal.properties;
  const sale = p[SALE_AMOUNT_PROPERTY] ?? p.amount ?? '0';
  const refunds = Object.values(parseRefunds(p[REFUNDS_PROPERTY]));
  return subtractAll(sale, refunds, p.deal_currency_code ?? fallbackCurrency);
}

/**
 * Re-reads the deal and sets amount = sale − Σ refunds when it says otherwise (one GET, plus a
 * PATCH when needed). Call it inside {@link withDeal}; a deal that no longer exists is left alone.
 */
export async function settleNetAmount(
  client: HubSpotClient,
  dealId: string,
  fallbackCurrency?: string,
): Promise<void> {
  const deal = await readNet(client, dealId);
  if (!deal) return;
  const amount = netAmount(deal, fallbackCurrency);
  if (sameDecimal(deal.properties.amount, amount)) return;
  await client.patch(`/crm/v3/objects/deals/${dealId}`, { properties: { amount } }, CrmObjectSchema);
}
