/** What the console shows in a connection's health column, worst first. */
export type ConnectionHealth = 'auth_failed' | 'paused' | 'failing' | 'lagging' | 'ok';

export interface HealthInputs {
  /** The ledger's connection status ('ok', 'auth_failed', …). */
  readonly status: string;
  readonly statusMessage: string | null;
  /** The connection or its delivery queue is paused. */
  readonly paused: boolean;
  /** Dead deliveries to this connection. */
  readonly dead: number;
  /** Seconds since the last successful read, for sources (null: never read or not a source). */
  readonly sourceLagSeconds: number | null;
  /** Its shortest `every` schedule, when it has one. */
  readonly expectedEveryMs?: number;
}

/** A source counts as lagging when no read succeeded for this many schedule periods … */
const LAG_PERIODS = 3;
/** … and at least this long (short schedules would flap on one slow pull). */
const LAG_FLOOR_SECONDS = 300;

/**
 * One word an operator can act on, with the reason. Order matters: a refused credential explains
 * dead deliveries and lag, so it is reported first.
 */
export function connectionHealth(input: HealthInputs): { health: ConnectionHealth; reason: string | null } {
  if (input.status === 'auth_failed')
    return { health: 'auth_failed', reason: input.statusMessage ?? 'credentials refused' };
  if (input.paused) return { health: 'paused', reason: 'paused by an operator' };
  if (input.dead > 0)
    return { health: 'failing', reason: `${input.dead} dead deliver${input.dead === 1 ? 'y' : 'ies'}` };
  if (input.sourceLagSeconds !== null && input.expectedEveryMs !== undefined) {
    const limit = Math.max(LAG_FLOOR_SECONDS, (LAG_PERIODS * input.expectedEveryMs) / 1000);
    if (input.sourceLagSeconds > limit)
      return { health: 'lagging', reason: `no successful read for ${input.sourceLagSeconds} s` };
  }
  return { health: 'ok', reason: null };
}
