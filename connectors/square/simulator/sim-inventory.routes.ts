import { iso } from './sim-clock';
import type { SimContext } from './sim-context';
import { invalid, type SimReply } from './sim-errors';
import type { SimRouter } from './sim-http.server';
import {
  normalizeQuantity,
  type SquareInventoryChange,
  type SquareInventoryCount,
} from './sim-inventory.store';
import { decodeCursor, encodeCursor, pageAfter, queryHash, sortByKey } from './sim-paging';
import { optBoolean, optEnum, optLimit, optObject, optString, optStringArray, optTime } from './sim-request';

// Untracked states are ignored by BatchRetrieveInventoryCounts (spec: `states`).
const UNTRACKED = new Set(['NONE', 'SOLD', 'UNLINKED_RETURN']);
const STATES = [
  'CUSTOM', 'IN_STOCK', 'SOLD', 'RETURNED_BY_CUSTOMER', 'RESERVED_FOR_SALE', 'SOLD_ONLINE', 'ORDERED_FROM_VENDOR',
  'RECEIVED_FROM_VENDOR', 'IN_TRANSIT_TO', 'NONE', 'WASTE', 'UNLINKED_RETURN', 'COMPOSED', 'DECOMPOSED',
  'SUPPORTED_BY_NEWER_VERSION', 'IN_TRANSIT',
] as const; // prettier-ignore
const QUANTITY = /^\d{1,16}(\.\d{1,5})?$/;

function retrieveCounts(ctx: SimContext, body: Record<string, unknown>): SimReply {
  const objectIds = optStringArray(body, 'catalog_object_ids');
  const locationIds = optStringArray(body, 'location_ids');
  const states = optStringArray(body, 'states');
  const after = optTime(body, 'updated_after') ?? 0;
  const limit = optLimit(body, 'limit', 1, 1000) ?? 1000;
  const hash = queryHash({
    o: objectIds ?? null,
    l: locationIds ?? null,
    s: states ?? null,
    u: body.updated_after ?? null,
  });
  const cursor = optString(body, 'cursor');
  const position = cursor !== undefined ? decodeCursor(cursor, hash) : undefined;
  const id = (c: SquareInventoryCount): string => `${c.catalog_object_id}|${c.location_id}|${c.state}`;
  const keyOf = (c: SquareInventoryCount): number => Date.parse(c.calculated_at);
  const matching = sortByKey(
    ctx.inventory
      .all()
      .filter(
        (c) =>
          !UNTRACKED.has(c.state) &&
          (!objectIds || objectIds.includes(c.catalog_object_id)) &&
          (!locationIds || locationIds.includes(c.location_id)) &&
          (!states || states.includes(c.state)) &&
          keyOf(c) > after,
      ),
    keyOf,
    id,
    false,
  );
  const { page, last } = pageAfter(
    matching,
    keyOf,
    id,
    false,
    position && { k: position.k, id: position.id },
    limit,
  );
  const response: Record<string, unknown> = {};
  if (page.length > 0) response.counts = page;
  if (last) response.cursor = encodeCursor({ q: hash, k: last.k, id: last.id });
  return { status: 200, body: response };
}

interface PlannedChange {
  readonly type: 'PHYSICAL_COUNT' | 'ADJUSTMENT';
  readonly detail: Record<string, unknown>;
  readonly objectId: string;
  readonly locationId: string;
  readonly quantity: string;
  readonly occurredAt: number;
}

/** Validates one change fully before anything is applied, so a bad batch changes nothing. */
function planChange(ctx: SimContext, raw: unknown, i: number): PlannedChange {
  const path = `changes[${i}]`;
  if (typeof raw !== 'object' || raw === null)
    throw invalid('EXPECTED_OBJECT', `${path} must be an object.`, path);
  const change = raw as Record<string, unknown>;
  const type = optEnum(change, 'type', ['PHYSICAL_COUNT', 'ADJUSTMENT', 'TRANSFER'], `${path}.type`);
  if (!type) throw invalid('MISSING_REQUIRED_PARAMETER', `${path}.type is required.`, `${path}.type`);
  if (type === 'TRANSFER')
    throw invalid('BAD_REQUEST', 'TRANSFER changes are not simulated.', `${path}.type`);
  const field = type === 'PHYSICAL_COUNT' ? 'physical_count' : 'adjustment';
  const detail = optObject(change, field);
  if (!detail)
    throw invalid('MISSING_REQUIRED_PARAMETER', `${path}.${field} is required.`, `${path}.${field}`);
  const need = (name: string): string => {
    const v = optString(detail, name);
    if (v === undefined || v === '')
      throw invalid(
        'MISSING_REQUIRED_PARAMETER',
        `${path}.${field}.${name} is required.`,
        `${path}.${field}.${name}`,
      );
    return v;
  };
  const objectId = need('catalog_object_id');
  const locationId = need('location_id');
  const quantity = need('quantity');
  const occurredAt = optTime(detail, 'occurred_at', `${path}.${field}.occurred_at`);
  if (occurredAt === undefined)
    throw invalid(
      'MISSING_REQUIRED_PARAMETER',
      `${path}.${field}.occurred_at is required.`,
      `${path}.${field}.occurred_at`,
    );
  if (ctx.catalog.get(objectId)?.type !== 'ITEM_VARIATION')
    throw invalid(
      'INVALID_VALUE',
      `Catalog object \`${objectId}\` is not an item variation.`,
      `${path}.${field}.catalog_object_id`,
    );
  if (!ctx.locations.some((l) => l.id === locationId))
    throw invalid('INVALID_VALUE', `Unknown location \`${locationId}\`.`, `${path}.${field}.location_id`);
  if (!QUANTITY.test(quantity))
    throw invalid(
      'INVALID_VALUE',
      'Quantity must be a non-negative decimal with at most 5 decimals.',
      `${path}.${field}.quantity`,
    );
  const states = type === 'PHYSICAL_COUNT' ? ['state'] : ['from_state', 'to_state'];
  for (const name of states) {
    // need() answers MISSING_REQUIRED_PARAMETER when absent; optEnum() INVALID_ENUM_VALUE when unknown.
    need(name);
    optEnum(detail, name, STATES, `${path}.${field}.${name}`);
  }
  return { type, detail, objectId, locationId, quantity, occurredAt };
}

function batchChange(ctx: SimContext, body: Record<string, unknown>): SimReply {
  const key = optString(body, 'idempotency_key');
  if (key === undefined)
    throw invalid('MISSING_REQUIRED_PARAMETER', '`idempotency_key` is required.', 'idempotency_key');
  if (key.length < 1)
    throw invalid('VALUE_TOO_SHORT', '`idempotency_key` must not be empty.', 'idempotency_key');
  if (key.length > 128)
    throw invalid('VALUE_TOO_LONG', '`idempotency_key` is at most 128 characters.', 'idempotency_key');
  return ctx.idempotency.run('BatchChangeInventory', key, body, () => {
    const rawChanges = body.changes ?? [];
    if (!Array.isArray(rawChanges)) throw invalid('EXPECTED_ARRAY', '`changes` must be an array.', 'changes');
    if (rawChanges.length > 100)
      throw invalid('ARRAY_LENGTH_TOO_LONG', 'At most 100 changes per request.', 'changes');
    const ignoreUnchanged = optBoolean(body, 'ignore_unchanged_counts') ?? true;
    const planned = rawChanges.map((raw, i) => planChange(ctx, raw, i));
    const applied: SquareInventoryChange[] = [];
    const touched = new Map<string, SquareInventoryCount>();
    for (const p of planned) {
      const createdAt = iso(ctx.clock.tick());
      const common = {
        id: ctx.newId('inventory'),
        catalog_object_type: 'ITEM_VARIATION',
        created_at: createdAt,
        source: { product: 'EXTERNAL_API', name: 'poshub' },
      };
      if (p.type === 'PHYSICAL_COUNT') {
        const state = p.detail.state as string;
        const current = ctx.inventory.quantity(p.objectId, p.locationId, state);
        if (ignoreUnchanged && current === normalizeQuantity(p.quantity)) continue;
        ctx.inventory.applyPhysicalCount(p.objectId, p.locationId, state, p.quantity, p.occurredAt);
        const change: SquareInventoryChange = {
          type: 'PHYSICAL_COUNT',
          physical_count: { ...p.detail, ...common },
        };
        ctx.inventory.record(change);
        applied.push(change);
        touched.set(
          `${p.objectId}|${p.locationId}|${state}`,
          ctx.inventory.count(p.objectId, p.locationId, state)!,
        );
      } else {
        const from = p.detail.from_state as string;
        const to = p.detail.to_state as string;
        ctx.inventory.applyAdjustment(p.objectId, p.locationId, from, to, p.quantity, p.occurredAt);
        const change: SquareInventoryChange = { type: 'ADJUSTMENT', adjustment: { ...p.detail, ...common } };
        ctx.inventory.record(change);
        applied.push(change);
        for (const s of [from, to]) {
          const c = ctx.inventory.count(p.objectId, p.locationId, s);
          if (c && !UNTRACKED.has(s)) touched.set(`${p.objectId}|${p.locationId}|${s}`, c);
        }
      }
    }
    const counts = [...touched.values()];
    if (counts.length > 0) {
      ctx.notify('inventory.count.updated', {
        type: 'inventory_counts',
        id: ctx.newId('inventory'),
        object: { inventory_counts: counts },
      });
    }
    return { status: 200, body: { counts, changes: applied } };
  });
}

/** Inventory counts retrieval and batch changes, on the current and the deprecated paths. */
export function registerInventoryRoutes(router: SimRouter, ctx: SimContext): void {
  const counts = (req: { body: Record<string, unknown> }): SimReply => retrieveCounts(ctx, req.body);
  const change = (req: { body: Record<string, unknown> }): SimReply => batchChange(ctx, req.body);
  router.add('POST', '/v2/inventory/counts/batch-retrieve', counts);
  router.add('POST', '/v2/inventory/batch-retrieve-counts', counts); // deprecated alias, same handler
  router.add('POST', '/v2/inventory/changes/batch-create', change);
  router.add('POST', '/v2/inventory/batch-change', change); // deprecated alias, same handler
}
