import {
  ConnectorError,
  RejectedError,
  type BatchItem,
  type BatchItemResult,
  type WriteResult,
} from '../../src/sdk';
import type { WriterDeps } from './hubspot-contact.writer';
import { accountCurrencies, currencyRefusal } from './hubspot-deal-currency';
import { readNet, settleNetAmount, withDeal, type Exclusive } from './hubspot-deal-net';
import { writeOwnDeals, type OwnDeal } from './hubspot-deal.writer';
import { createLineItems, missingLineItems, readDealLineItems } from './hubspot-line-items';
import { parseRefunds, subtractAll } from './hubspot.money';
import { DealPayloadSchema, parsePayload, type DealPayload } from './hubspot.payloads';
import { REFUNDS_PROPERTY, SALE_AMOUNT_PROPERTY } from './hubspot.properties';
import { CrmObjectSchema } from './hubspot.schemas';

/**
 * Refund policy `negative-line-items`: the refund lands on the original sale's deal as line items
 * with negative prices, and the deal amount becomes sale − Σ refunds. Runs under an exclusive
 * section per deal, because two refunds of one sale would otherwise overwrite each other's entry in
 * `poshub_refunds` (read-modify-write of one property). Replay-safe: line items are created only for
 * keys the deal does not have, and the refunds map is keyed by refund reference.
 *
 * `poshub_sale_amount` belongs to the sale's write: a refund sets it only on a deal that lacks it.
 * A sale edit may land between the read and the patch here, so the deal is re-read after the patch
 * and its amount settled again (see hubspot-deal-net.ts for every interleaving).
 */
export async function writeRefundOnOriginal(
  deps: WriterDeps,
  exclusive: Exclusive,
  reference: string,
  deal: DealPayload,
): Promise<WriteResult> {
  const dealId = deal.originalDealId!;
  return withDeal(exclusive, dealId, async () => {
    const current = await readNet(deps.client, dealId);
    if (!current) {
      throw new RejectedError(`the refunded sale's deal ${dealId} no longer exists in HubSpot`, { dealId });
    }
    const currency = current.properties.deal_currency_code ?? deal.properties.deal_currency_code;
    const existing = (await readDealLineItems(deps.client, [dealId])).get(dealId) ?? [];
    const creates = missingLineItems(dealId, reference, deal.lineItems, currency, existing, true);
    const failed = (await createLineItems(deps.client, creates)).get(dealId);
    if (failed) throw failed;
    const refunds = {
      ...parseRefunds(current.properties[REFUNDS_PROPERTY]),
      [reference]: deal.properties.amount,
    };
    const sale = current.properties[SALE_AMOUNT_PROPERTY];
    const update: Record<string, string> = {
      amount: subtractAll(sale ?? current.properties.amount ?? '0', Object.values(refunds), currency),
      [REFUNDS_PROPERTY]: JSON.stringify(refunds),
    };
    // A legacy deal (written before poshub_sale_amount existed) gets its sale amount from `amount`.
    if (sale == null) update[SALE_AMOUNT_PROPERTY] = current.properties.amount ?? '0';
    await deps.client.patch(`/crm/v3/objects/deals/${dealId}`, { properties: update }, CrmObjectSchema);
    await settleNetAmount(deps.client, dealId, currency);
    // The refund is an adjustment on the sale's deal, not an object of its own: its id names both, so
    // the ledger's links keep one HubSpot object per record (the sale owns the deal id itself).
    return { externalId: refundAdjustmentId(dealId, reference), created: false };
  });
}

/**
 * Writes deals (`hubspot.deal` payloads): sales and refund deals in batches; refunds on their
 * original deal one by one (policy `negative-line-items`). A refund whose sale never reached
 * HubSpot (no `originalDealId`) becomes a refund deal of its own. A deal of its own in a currency
 * the account does not have fails alone, before any write (hubspot-deal-currency.ts).
 */
export async function writeDeals(
  deps: WriterDeps,
  exclusive: Exclusive,
  items: readonly BatchItem[],
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
  const own: OwnDeal[] = [];
  const onOriginal: { index: number; reference: string; deal: DealPayload }[] = [];
  items.forEach((item, index) => {
    const parsed = parsePayload(DealPayloadSchema, item.payload);
    if (!parsed.ok) {
      results[index] = {
        ok: false,
        error: new RejectedError(`hubspot deal payload is invalid: ${parsed.reason}`),
      };
      return;
    }
    const deal = parsed.value;
    const reference = item.options.reference;
    if (deal.kind === 'refund' && deps.config.refundPolicy === 'negative-line-items' && deal.originalDealId) {
      onOriginal.push({ index, reference, deal });
    } else {
      own.push({ index, reference, deal, refund: deal.kind === 'refund' });
    }
  });
  const allowed = await refuseForeignCurrencies(deps, own, results);
  if (allowed.length + onOriginal.length === 0) return results;
  await deps.ready();
  await writeOwnDeals(deps, exclusive, allowed, results);
  for (const r of onOriginal) {
    try {
      results[r.index] = {
        ok: true,
        result: await writeRefundOnOriginal(deps, exclusive, r.reference, r.deal),
      };
    } catch (err) {
      // One refund's failure is its own; the batch's other deals are written.
      if (!(err instanceof ConnectorError)) throw err;
      results[r.index] = { ok: false, error: err };
    }
  }
  return results;
}

/**
 * Fails each own deal in a currency the account does not have (HubSpot would refuse its write) and
 * returns the others. Refunds on the original deal take that deal's currency and are not checked.
 */
async function refuseForeignCurrencies(
  deps: WriterDeps,
  own: readonly OwnDeal[],
  results: BatchItemResult[],
): Promise<OwnDeal[]> {
  const currencyOf = (o: OwnDeal): string | undefined => o.deal.properties.deal_currency_code || undefined;
  const wanted = new Set(own.map(currencyOf).filter((c): c is string => c !== undefined));
  if (wanted.size === 0) return [...own];
  const currencies = await accountCurrencies(deps.client, deps.config, wanted);
  if (currencies === undefined) return [...own];
  return own.filter((o) => {
    const currency = currencyOf(o);
    if (currency === undefined || currencies.has(currency)) return true;
    results[o.index] = { ok: false, error: currencyRefusal(o.reference, currency, currencies) };
    return false;
  });
}

/** The target id of a refund written as negative line items on the sale's deal. */
export function refundAdjustmentId(dealId: string, refundReference: string): string {
  return `${dealId}#${refundReference}`;
}
