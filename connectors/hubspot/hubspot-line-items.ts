import { batchRead, chunk, inputError, tracedBatch } from './hubspot.batch';
import type { HubSpotClient } from './hubspot.client';
import { negateDecimal } from './hubspot.money';
import type { LineItemPayload } from './hubspot.payloads';
import { LINE_KEY_PROPERTY } from './hubspot.properties';
import { AssociationPageSchema, AssociationReadSchema } from './hubspot.schemas';

/** HUBSPOT_DEFINED association type line_item → deal. */
export const LINE_ITEM_TO_DEAL = 20;

/** A line item attached to a deal, with its poshub key (undefined for line items made by users). */
export interface ExistingLineItem {
  readonly id: string;
  readonly key: string | undefined;
}

/** Line item ids associated with each deal (v4 batch read, then any further pages one by one). */
async function lineItemIds(
  client: HubSpotClient,
  dealIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(dealIds.map((id) => [id, []]));
  for (const part of chunk(dealIds)) {
    const answer = await client.post(
      '/crm/v4/associations/deals/line_items/batch/read',
      { inputs: part.map((id) => ({ id })) },
      AssociationReadSchema,
    );
    for (const result of answer.results) {
      const ids = out.get(result.from.id) ?? [];
      ids.push(...result.to.map((t) => t.toObjectId));
      let after = result.paging?.next?.after;
      while (after) {
        const page = await client.get(
          `/crm/v4/objects/deals/${result.from.id}/associations/line_items`,
          AssociationPageSchema,
          { after, limit: 500 },
        );
        ids.push(...page.results.map((t) => t.toObjectId));
        after = page.paging?.next?.after;
      }
      out.set(result.from.id, ids);
    }
  }
  return out;
}

/** The line items of each deal with their `poshub_line_key`. */
export async function readDealLineItems(
  client: HubSpotClient,
  dealIds: readonly string[],
): Promise<Map<string, ExistingLineItem[]>> {
  const out = new Map<string, ExistingLineItem[]>();
  if (dealIds.length === 0) return out;
  const ids = await lineItemIds(client, dealIds);
  const all = [...ids.values()].flat();
  const objects = await batchRead(client, 'line_items', all, [LINE_KEY_PROPERTY]);
  const keyOf = new Map(objects.map((o) => [o.id, o.properties[LINE_KEY_PROPERTY] ?? undefined]));
  for (const [dealId, itemIds] of ids) {
    // Ids the batch read did not return were archived meanwhile: not the deal's any more.
    out.set(
      dealId,
      itemIds.filter((id) => keyOf.has(id)).map((id) => ({ id, key: keyOf.get(id) })),
    );
  }
  return out;
}

/** One line item to create on a deal. */
export interface LineItemCreate {
  readonly dealId: string;
  readonly key: string;
  readonly properties: Record<string, string>;
}

/**
 * The line items of `lines` to create under `reference` (key `<reference>#<line key>`) that the deal
 * does not have yet. `negative` flips price and unit discount (refund lines).
 */
export function missingLineItems(
  dealId: string,
  reference: string,
  lines: readonly LineItemPayload[],
  currency: string,
  existing: readonly ExistingLineItem[],
  negative = false,
): LineItemCreate[] {
  const have = new Set(existing.map((e) => e.key));
  return lines
    .map((line) => ({ line, key: `${reference}#${line.key}` }))
    .filter(({ key }) => !have.has(key))
    .map(({ line, key }) => {
      const properties: Record<string, string> = { ...line.properties };
      if (negative) {
        properties.price = negateDecimal(line.properties.price);
        if (line.properties.discount !== undefined)
          properties.discount = negateDecimal(line.properties.discount);
      }
      properties[LINE_KEY_PROPERTY] = key;
      properties.hs_line_item_currency_code = currency;
      return { dealId, key, properties };
    });
}

/**
 * Creates line items with their association to the deal inline, so a line item never exists
 * unattached (a crash cannot leave orphans that a replay would not find). Returns the error of each
 * deal whose line items failed, by deal id.
 */
export async function createLineItems(
  client: HubSpotClient,
  items: readonly LineItemCreate[],
): Promise<Map<string, Error>> {
  const failed = new Map<string, Error>();
  for (const part of chunk(items)) {
    const inputs = part.map((item) => ({
      properties: item.properties,
      associations: [
        {
          to: { id: item.dealId },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: LINE_ITEM_TO_DEAL }],
        },
      ],
    }));
    const outcomes = await tracedBatch(
      client,
      '/crm/v3/objects/line_items/batch/create',
      inputs,
      LINE_KEY_PROPERTY,
    );
    outcomes.forEach((outcome, i) => {
      const item = part[i]!;
      if (!outcome.ok && !failed.has(item.dealId)) {
        failed.set(item.dealId, inputError(outcome.error, `line item ${item.key} of deal ${item.dealId}`));
      }
    });
  }
  return failed;
}
