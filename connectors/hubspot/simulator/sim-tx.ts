/**
 * A write transaction: undo steps run in reverse on rollback, side effects (counters, webhook
 * events) run only on commit. Batches without trace ids use it to write all inputs or none;
 * batches with trace ids roll back just the failing input (to a mark).
 */
export interface TxMark {
  readonly undo: number;
  readonly effects: number;
}

export class WriteTx {
  private readonly undos: (() => void)[] = [];
  private readonly effects: (() => void)[] = [];

  onUndo(step: () => void): void {
    this.undos.push(step);
  }

  onCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  mark(): TxMark {
    return { undo: this.undos.length, effects: this.effects.length };
  }

  rollbackTo(mark: TxMark): void {
    while (this.undos.length > mark.undo) this.undos.pop()!();
    this.effects.length = Math.min(this.effects.length, mark.effects);
  }

  rollback(): void {
    this.rollbackTo({ undo: 0, effects: 0 });
  }

  commit(): void {
    const effects = this.effects.splice(0);
    this.undos.length = 0;
    for (const e of effects) e();
  }
}

/** Runs `work` in a transaction: commits on success, rolls back and rethrows on error. */
export function inTx<T>(work: (tx: WriteTx) => T): T {
  const tx = new WriteTx();
  try {
    const result = work(tx);
    tx.commit();
    return result;
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

/** Strictly increasing wall-clock ms, so every write has its own modification time. */
export class SimClock {
  private last = 0;

  now(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
}
