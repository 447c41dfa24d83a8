import { createHash } from 'node:crypto';
import {
  RejectedError,
  type BatchItem,
  type BatchItemResult,
  type WriteOptions,
  type WriteResult,
} from '../../src/sdk';
import { rejectedCode, type SquareClient } from './square.client';
import { SquareStockPayloadSchema, type SquareStockPayload } from './square.payloads';
import { countId } from './square.records';
import { z } from 'zod';

/** BatchChangeInventory `idempotency_key` is 1–128 characters. */
const MAX_IDEMPOTENCY_KEY = 128;
/** Square refuses physical counts whose `occurred_at` is more than 24 h old; keep a margin. */
const MAX_COUNT_AGE_MS = 24 * 60 * 60 * 1000 - 5 * 60 * 1000;

const BatchChangeResponseSchema = z.object({ changes: z.array(z.unknown()).optional() }).loose();

/** The key as given when Square accepts it, else its SHA-256 (still deterministic per write). */
export function squareIdempotencyKey(key: string): string {
  return key.length <= MAX_IDEMPOTENCY_KEY ? key : createHash('sha256').update(key).digest('hex');
}

/**
 * `occurred_at` as sent: the count's own time, unless Square would refuse it (older than 24 h or in
 * the future by our clock), then now. Only late deliveries are affected, and for those the level is
 * still the newest poshub knows.
 */
export function occurredAtFor(countedAt: string, now: Date): string {
  const at = Date.parse(countedAt);
  if (at > now.getTime() || now.getTime() - at > MAX_COUNT_AGE_MS) return now.toISOString();
  return countedAt;
}

/**
 * Sets one stock level with a PHYSICAL_COUNT change. The write's idempotency key (same stock level
 * version → same key) makes a repeated write a replay of the first response at Square, so the level
 * is changed once. Unchanged counts are ignored by Square (`ignore_unchanged_counts`).
 */
/** One PHYSICAL_COUNT change for a valid payload, or the reason the payload is refused. */
function physicalCount(
  payload: unknown,
  options: WriteOptions,
  now: Date,
):
  | { ok: true; change: object; count: SquareStockPayload; occurredAt: string }
  | { ok: false; error: RejectedError } {
  const parsed = SquareStockPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: new RejectedError(`square stock payload is invalid: ${parsed.error.issues[0]?.message ?? ''}`, {
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      }),
    };
  }
  const count = parsed.data;
  const occurredAt = occurredAtFor(count.occurred_at, now);
  const change = {
    type: 'PHYSICAL_COUNT',
    physical_count: {
      reference_id: options.reference.slice(0, 255),
      catalog_object_id: count.catalog_object_id,
      location_id: count.location_id,
      state: 'IN_STOCK',
      quantity: count.quantity,
      occurred_at: occurredAt,
    },
  };
  return { ok: true, change, count, occurredAt };
}

/** A stock level always exists at Square; a count changes it rather than creating anything. */
function levelResult(count: SquareStockPayload): WriteResult {
  return { externalId: countId(count.catalog_object_id, count.location_id), created: false };
}

/**
 * Sets one stock level with a PHYSICAL_COUNT change. The write's idempotency key (same stock level
 * version → same key) makes a repeated write a replay of the first response at Square, so the level
 * is changed once. Unchanged counts are ignored by Square (`ignore_unchanged_counts`).
 */
export async function writeStock(
  client: SquareClient,
  payload: unknown,
  options: WriteOptions,
  now: () => Date = () => new Date(),
): Promise<WriteResult> {
  const built = physicalCount(payload, options, now());
  if (!built.ok) throw built.error;
  try {
    await client.post(
      '/v2/inventory/changes/batch-create',
      {
        idempotency_key: squareIdempotencyKey(options.idempotencyKey),
        changes: [built.change],
        ignore_unchanged_counts: true,
      },
      BatchChangeResponseSchema,
    );
  } catch (err) {
    // A clamped occurred_at differs between attempts, so Square sees "same key, other body" when an
    // earlier attempt already went through. The key is unique to this level version: it is done.
    const clamped = built.occurredAt !== built.count.occurred_at;
    if (!(clamped && rejectedCode(err) === 'IDEMPOTENCY_KEY_REUSED')) throw err;
  }
  return levelResult(built.count);
}

/**
 * Sets many stock levels in one BatchChangeInventory call (up to 100 changes). Invalid payloads
 * fail alone; the call's idempotency key is derived from the items' keys, so the same batch sent
 * again is a replay. If Square refuses the call, the hub writes the items one by one.
 */
export async function writeStockBatch(
  client: SquareClient,
  items: readonly BatchItem[],
  now: () => Date = () => new Date(),
): Promise<BatchItemResult[]> {
  const at = now();
  const built = items.map((item) => physicalCount(item.payload, item.options, at));
  const valid = built.flatMap((b) => (b.ok ? [b] : []));
  if (valid.length > 0) {
    const keys = items.filter((_, i) => built[i].ok).map((item) => item.options.idempotencyKey);
    const batchKey = createHash('sha256')
      .update([...keys].sort().join('\n'))
      .digest('hex');
    await client.post(
      '/v2/inventory/changes/batch-create',
      { idempotency_key: batchKey, changes: valid.map((b) => b.change), ignore_unchanged_counts: true },
      BatchChangeResponseSchema,
    );
  }
  return built.map((b) =>
    b.ok ? { ok: true, result: levelResult(b.count) } : { ok: false, error: b.error },
  );
}
