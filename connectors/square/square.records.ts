import type { SourceRecord } from '../../src/sdk';
import {
  SquareCatalogObjectSchema,
  SquareCustomerSchema,
  SquareInventoryCountSchema,
  SquareOrderSchema,
  type SquareCatalogObject,
} from './square.schemas';

/*
 * Square payloads → SourceRecords. A payload that fails its schema still becomes a record (with a
 * synthetic id) so the pipeline quarantines it with the mapping's message instead of losing it.
 */

function fallback(item: unknown, fallbackId: string): SourceRecord {
  return { externalId: fallbackId, data: item };
}

/** An order; version = the order's `version` (orders made outside the API may lack it: updated_at). */
export function orderRecord(item: unknown, fallbackId: string): SourceRecord {
  const parsed = SquareOrderSchema.safeParse(item);
  if (!parsed.success) return fallback(item, fallbackId);
  const order = parsed.data;
  const version = order.version !== undefined ? String(order.version) : order.updated_at;
  return { externalId: order.id, ...(version !== undefined ? { version } : {}), data: item };
}

/** A customer profile; `deleted` marks one announced by `customer.deleted`. */
export function customerRecord(item: unknown, fallbackId: string, deleted = false): SourceRecord {
  const parsed = SquareCustomerSchema.safeParse(item);
  if (!parsed.success) return fallback(item, fallbackId);
  const customer = parsed.data;
  const version = customer.version !== undefined ? String(customer.version) : customer.updated_at;
  return {
    externalId: customer.id,
    ...(version !== undefined ? { version } : {}),
    data: deleted ? { ...customer, deleted: true } : item,
  };
}

/**
 * An ITEM_VARIATION with its parent ITEM (from `related_objects`) attached as `item`, so the
 * mapping can name the product "Item (Variation)" without a second request.
 */
export function variationRecord(
  item: unknown,
  fallbackId: string,
  items: ReadonlyMap<string, SquareCatalogObject>,
): SourceRecord {
  const parsed = SquareCatalogObjectSchema.safeParse(item);
  if (!parsed.success) return fallback(item, fallbackId);
  const variation = parsed.data;
  const parentId = variation.item_variation_data?.item_id;
  const parent = parentId !== undefined ? items.get(parentId) : undefined;
  const version = variation.version !== undefined ? String(variation.version) : variation.updated_at;
  return {
    externalId: variation.id,
    ...(version !== undefined ? { version } : {}),
    data: parent ? { ...variation, item: parent } : item,
  };
}

/** Id of one stock level: `<catalog_object_id>@<location_id>` (same as the stock mapping's externalId). */
export function countId(catalogObjectId: string, locationId: string): string {
  return `${catalogObjectId}@${locationId}`;
}

/** An inventory count; version = calculated_at (counts carry no version number). */
export function countRecord(item: unknown, fallbackId: string): SourceRecord {
  const parsed = SquareInventoryCountSchema.safeParse(item);
  if (!parsed.success) return fallback(item, fallbackId);
  const count = parsed.data;
  return {
    externalId: countId(count.catalog_object_id, count.location_id),
    ...(count.calculated_at !== undefined ? { version: count.calculated_at } : {}),
    data: item,
  };
}
