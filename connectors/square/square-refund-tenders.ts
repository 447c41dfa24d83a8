import type { SourceRecord } from '../../src/sdk';
import type { SquareClient } from './square.client';
import { chunk } from './square.cursor';
import {
  BatchRetrieveOrdersResponseSchema,
  SquareOrderTendersSchema,
  SquareReturnRefundsSchema,
  type SquareReturnRefunds,
} from './square.schemas';

/*
 * A Square Refund (in a return order's `refunds[]`) names the tender it went back to (`tender_id`)
 * but not that tender's type, so on its own a refund cannot be told apart as card or cash. The type
 * is on the original sale's tender, so the connector reads those sales and adds the type to each
 * refund under a name Square does not use, the way `customer.deleted` adds `deleted`.
 */

/** The field the connector adds to a refund: the Square TenderType of the sale tender it went to. */
export const REFUND_TENDER_TYPE_FIELD = 'poshub_tender_type';

/** BatchRetrieveOrders takes at most 100 ids per request (spec BatchRetrieveOrdersRequest.order_ids). */
export const MAX_ORDERS_PER_BATCH = 100;

/** A return order found among the records, with the sale ids each of its refunds may point at. */
interface ReturnWithRefunds {
  readonly index: number;
  readonly order: SquareReturnRefunds;
  /** Per refund: the sale orders to look for its tender in (empty when it names no tender). */
  readonly saleIds: readonly (readonly string[])[];
}

/** The return orders among `records` whose refunds name a tender, with the sales to look in. */
function returnsWithRefunds(records: readonly SourceRecord[]): ReturnWithRefunds[] {
  const out: ReturnWithRefunds[] = [];
  for (const [index, record] of records.entries()) {
    const parsed = SquareReturnRefundsSchema.safeParse(record.data);
    if (!parsed.success) continue;
    const order = parsed.data;
    const sources = [
      ...new Set(order.returns.flatMap((r) => (r.source_order_id ? [r.source_order_id] : []))),
    ];
    // transaction_id is the sale the tender belongs to; without it, any sale the return came from.
    const saleIds = order.refunds.map((refund) =>
      refund.tender_id ? (refund.transaction_id ? [refund.transaction_id] : sources) : [],
    );
    if (saleIds.some((ids) => ids.length > 0)) out.push({ index, order, saleIds });
  }
  return out;
}

/** Tender types of the given sale orders: sale id → tender id → TenderType. Missing sales are absent. */
async function saleTenderTypes(
  client: SquareClient,
  saleIds: readonly string[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const part of chunk(saleIds, MAX_ORDERS_PER_BATCH)) {
    // No location_id: the sale may have been rung up at another location of the seller. Ids that
    // do not exist (deleted, or outside this token's reach) are left out of the answer, not errors.
    const res = await client.post(
      '/v2/orders/batch-retrieve',
      { order_ids: part },
      BatchRetrieveOrdersResponseSchema,
    );
    for (const item of res.orders ?? []) {
      const parsed = SquareOrderTendersSchema.safeParse(item);
      if (!parsed.success) continue;
      const types = new Map<string, string>();
      for (const tender of parsed.data.tenders ?? []) {
        if (tender.id && tender.type) types.set(tender.id, tender.type);
      }
      out.set(parsed.data.id, types);
    }
  }
  return out;
}

/**
 * Adds `refunds[i].poshub_tender_type` (e.g. "CARD") to every refund of the return orders among
 * `records` whose sale tender can be found, reading those sales with BatchRetrieveOrders through
 * `client` (≤100 distinct ids per call; no call when no record is a return with refunds). A refund
 * whose sale or tender is not found stays as Square sent it. Everything else is left untouched:
 * same records, same order, same ids and versions, and the raw Square payload apart from the field.
 */
export async function annotateRefundTenders(
  client: SquareClient,
  records: readonly SourceRecord[],
): Promise<SourceRecord[]> {
  const returns = returnsWithRefunds(records);
  const saleIds = [...new Set(returns.flatMap((r) => r.saleIds.flat()))];
  if (saleIds.length === 0) return [...records];
  const tenders = await saleTenderTypes(client, saleIds);

  const out = [...records];
  for (const { index, order, saleIds: perRefund } of returns) {
    const types = order.refunds.map((refund, i) => {
      const tenderId = refund.tender_id;
      if (!tenderId) return undefined;
      for (const saleId of perRefund[i] ?? []) {
        const type = tenders.get(saleId)?.get(tenderId);
        if (type !== undefined) return type;
      }
      return undefined;
    });
    if (types.every((t) => t === undefined)) continue;
    const record = records[index]!;
    // The raw payload, not zod's copy: key order and every field stay exactly as Square sent them.
    const raw = record.data as Record<string, unknown>;
    const rawRefunds = raw.refunds as readonly Record<string, unknown>[];
    out[index] = {
      ...record,
      data: {
        ...raw,
        refunds: rawRefunds.map((refund, i) =>
          types[i] !== undefined ? { ...refund, [REFUND_TENDER_TYPE_FIELD]: types[i] } : refund,
        ),
      },
    };
  }
  return out;
}
