import { z } from 'zod';
import { ConfigError } from '../../src/sdk';

/*
 * Stream checkpoints are small JSON documents so that operators can read and edit them:
 * `{"updatedAfter":"2025-01-01T00:00:00.000Z"}` (orders, customers, stock) or
 * `{"beginTime":"..."}` (catalog). `null` inside means "from the beginning".
 */

const CheckpointSchema = z.object({
  updatedAfter: z.iso.datetime({ offset: true }).nullable().optional(),
  beginTime: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type SquareCheckpoint = z.infer<typeof CheckpointSchema>;

/** Parses a stored checkpoint; null or empty means "from the beginning". */
export function parseCheckpoint(cursor: string | null): SquareCheckpoint {
  if (cursor === null || cursor.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    throw new ConfigError(`Square checkpoint ${JSON.stringify(cursor)} is not JSON`);
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`Square checkpoint ${JSON.stringify(cursor)} is not a Square checkpoint`);
  }
  return parsed.data;
}

/** Serialises a checkpoint (keys in a stable order). */
export function encodeCheckpoint(checkpoint: SquareCheckpoint): string {
  const out: Record<string, string | null> = {};
  if (checkpoint.updatedAfter !== undefined) out.updatedAfter = checkpoint.updatedAfter;
  if (checkpoint.beginTime !== undefined) out.beginTime = checkpoint.beginTime;
  return JSON.stringify(out);
}

/** `iso` moved back by `minutes`, as RFC 3339 UTC with milliseconds. */
export function minusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) - minutes * 60_000).toISOString();
}

/** The later of two RFC 3339 instants (either may be missing). */
export function laterOf(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One `updated_at` read window: (checkpoint − overlap, now-at-start]. */
export interface UpdatedWindow {
  /** The checkpoint the read started from (null = from the beginning). */
  readonly start: string | null;
  /** Where the window opens, overlap included; absent when reading from the beginning. */
  readonly startAt?: string;
  /** Where it closes: the moment the read started. */
  readonly endAt: string;
  /** The checkpoint to commit with every page but the last, so a crash re-reads the window. */
  readonly resumeFrom: string;
}

/** The window an incremental read of an `updated_at`-filtered search covers. */
export function updatedWindow(cursor: string | null, overlapMinutes: number, now: Date): UpdatedWindow {
  const start = parseCheckpoint(cursor).updatedAfter ?? null;
  return {
    start,
    ...(start !== null ? { startAt: minusMinutes(start, overlapMinutes) } : {}),
    endAt: now.toISOString(),
    resumeFrom: encodeCheckpoint({ updatedAfter: start }),
  };
}
