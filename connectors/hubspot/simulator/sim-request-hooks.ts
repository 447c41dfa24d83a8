/** Awaited around one matching request: `before` it is handled, `after` (its answer not sent yet). */
export interface RequestHook {
  readonly before?: () => Promise<void> | void;
  readonly after?: () => Promise<void> | void;
}

interface Entry {
  readonly method: string;
  readonly path: string;
  readonly hook: RequestHook;
}

/**
 * Test hooks on requests by method and exact path, so a test can hold one call of a client while
 * another client runs (races made deterministic). Hooks run in the order they were added.
 */
export class SimRequestHooks {
  private entries: Entry[] = [];

  /** Adds a hook; the returned function removes it. */
  add(method: string, path: string, hook: RequestHook): () => void {
    const entry = { method: method.toUpperCase(), path, hook };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  async run(phase: keyof RequestHook, method: string, path: string): Promise<void> {
    const matching = this.entries.filter((e) => e.method === method && e.path === path);
    for (const { hook } of matching) await hook[phase]?.();
  }
}
