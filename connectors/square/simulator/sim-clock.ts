/**
 * The simulator's clock: wall time, but strictly increasing, so every write gets an `updated_at`
 * later than everything stored before it (a touched record always moves past a bounded window).
 */
export class SimClock {
  private last = 0;

  /** Next timestamp in epoch ms. */
  tick(): number {
    // One ms ahead of the wall clock: a write never shares a millisecond with an `end_at = now`
    // that a client computed before sending it.
    this.last = Math.max(Date.now() + 1, this.last + 1);
    return this.last;
  }

  /** Records that a timestamp was handed out elsewhere (generator), keeping `tick` ahead of it. */
  observe(ms: number): void {
    this.last = Math.max(this.last, ms);
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
