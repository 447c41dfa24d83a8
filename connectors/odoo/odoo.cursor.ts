import { z } from 'zod';
import { ConfigError } from '../../src/sdk';

/** Where an incremental read resumes: after the row (`writeDate`, `id`) in `write_date, id` order. */
export interface OdooCheckpoint {
  /** Odoo's naive UTC datetime text, `YYYY-MM-DD HH:MM:SS`. */
  readonly writeDate: string;
  readonly id: number;
}

const CheckpointSchema = z.strictObject({
  writeDate: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/),
  id: z.number().int().nonnegative(),
});

export function encodeCheckpoint(checkpoint: OdooCheckpoint): string {
  return JSON.stringify({ writeDate: checkpoint.writeDate, id: checkpoint.id });
}

/** Parses a cursor this connector produced; null means "from the start". */
export function parseCheckpoint(cursor: string | null): OdooCheckpoint | null {
  if (cursor === null || cursor === '') return null;
  let raw: unknown;
  try {
    raw = JSON.parse(cursor);
  } catch {
    raw = undefined;
  }
  const parsed = CheckpointSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`not an Odoo cursor: ${cursor.slice(0, 100)}`);
  return parsed.data;
}

/**
 * Domain terms selecting rows written at or after `overlapSeconds` before the checkpoint. Used when
 * a read resumes: `write_date` is compared at second resolution and a transaction may commit after
 * a later one was read, so the tail of the last read is read again (duplicates are fine, gaps are not).
 */
export function resumeFrom(checkpoint: OdooCheckpoint | null, overlapSeconds: number): unknown[] {
  if (!checkpoint) return [];
  const at = Date.parse(`${checkpoint.writeDate.slice(0, 19).replace(' ', 'T')}Z`) - overlapSeconds * 1000;
  const start = new Date(at).toISOString().slice(0, 19).replace('T', ' ');
  return [['write_date', '>=', start]];
}

/**
 * Domain terms selecting rows strictly after the checkpoint in `write_date asc, id asc` order.
 * Odoo has no cursor; this keyset condition keeps a page from shifting when rows change mid-read
 * (a row written meanwhile gets a newer write_date and comes again at the end, never skipped).
 */
export function afterCheckpoint(checkpoint: OdooCheckpoint | null): unknown[] {
  if (!checkpoint) return [];
  return [
    '|',
    ['write_date', '>', checkpoint.writeDate],
    '&',
    ['write_date', '=', checkpoint.writeDate],
    ['id', '>', checkpoint.id],
  ];
}
