/** A stored row: raw values (many2one as id or false, many2many as id arrays). Never mutated in place. */
export type Row = Readonly<Record<string, unknown>> & { readonly id: number };

interface UndoEntry {
  readonly model: string;
  readonly id: number;
  /** The row before the transaction first touched it; undefined when the transaction created it. */
  readonly before: Row | undefined;
}

/**
 * In-memory tables with one transaction at a time. Rows are replaced, never mutated, so the undo
 * log only keeps references to the rows a transaction first touched. Ids come from sequences that,
 * like PostgreSQL's, are not rolled back: a failed create leaves a gap.
 */
export class SimStore {
  private readonly tables = new Map<string, Map<number, Row>>();
  private readonly sequences = new Map<string, number>();
  private readonly creates = new Map<string, number>();
  private undo: UndoEntry[] | undefined;
  private touched: Set<string> | undefined;
  private pendingCreates: Map<string, number> | undefined;

  table(model: string): Map<number, Row> {
    let t = this.tables.get(model);
    if (!t) {
      t = new Map();
      this.tables.set(model, t);
    }
    return t;
  }

  get(model: string, id: number): Row | undefined {
    return this.tables.get(model)?.get(id);
  }

  rows(model: string): Row[] {
    return [...this.table(model).values()];
  }

  nextId(model: string): number {
    const next = (this.sequences.get(model) ?? 0) + 1;
    this.sequences.set(model, next);
    return next;
  }

  /** Next number of a named document sequence (S00001, INV/2025/00001 …); not rolled back either. */
  nextNumber(sequence: string): number {
    return this.nextId(`seq:${sequence}`);
  }

  insert(model: string, row: Row, counted: boolean): void {
    this.remember(model, row.id);
    this.table(model).set(row.id, row);
    if (!counted) return;
    const target = this.pendingCreates ?? this.creates;
    target.set(model, (target.get(model) ?? 0) + 1);
  }

  replace(model: string, row: Row): void {
    this.remember(model, row.id);
    this.table(model).set(row.id, row);
  }

  delete(model: string, id: number): void {
    this.remember(model, id);
    this.table(model).delete(id);
  }

  createCount(model: string): number {
    return this.creates.get(model) ?? 0;
  }

  /** Runs `work` all or nothing: any exception restores every row it touched. */
  transaction<T>(work: () => T): T {
    if (this.undo) return work();
    this.undo = [];
    this.touched = new Set();
    this.pendingCreates = new Map();
    try {
      const result = work();
      for (const [model, n] of this.pendingCreates) this.creates.set(model, this.createCount(model) + n);
      return result;
    } catch (err) {
      for (const entry of this.undo.reverse()) {
        if (entry.before) this.table(entry.model).set(entry.id, entry.before);
        else this.table(entry.model).delete(entry.id);
      }
      throw err;
    } finally {
      this.undo = undefined;
      this.touched = undefined;
      this.pendingCreates = undefined;
    }
  }

  private remember(model: string, id: number): void {
    if (!this.undo || !this.touched) return;
    const key = `${model}:${id}`;
    if (this.touched.has(key)) return;
    this.touched.add(key);
    this.undo.push({ model, id, before: this.table(model).get(id) });
  }
}
