import { createPrng } from '../../../src/sdk/simulator-kit';
import { FaultInjector, type FaultSettings, type FaultStats } from '../faults';
import {
  errorReply,
  intParam,
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type RunningFakeServer,
} from '../http-kit';
import { exponentOf } from '../money-kit';
import {
  isoWithOffset,
  makeCustomer,
  makeRefund,
  makeSale,
  pick,
  tick,
  type GeneratorState,
} from './fake-pos.generator';
import type { FakePosCustomer, FakePosTransaction, GenerateOptions } from './fake-pos.types';

export type {
  FakePosCustomer,
  FakePosItem,
  FakePosPayment,
  FakePosTransaction,
  GenerateOptions,
} from './fake-pos.types';

type StreamName = 'transactions' | 'customers';

interface Change {
  readonly seq: number;
  readonly id: string | undefined;
  readonly payload: unknown;
}

/** Counters returned by `FakePosServer.stats()`. */
export interface FakePosStats extends FaultStats {
  readonly transactions: number;
  readonly customers: number;
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;
// Start of the logical clock: every run with the same seed yields the same timestamps.
const CLOCK_START = Date.UTC(2024, 2, 1, 2, 0, 0);

/**
 * A fake POS with a change feed per stream (`/v1/transactions`, `/v1/customers`), bearer auth and
 * fault injection, on a loopback port. A change feed lists the latest state of each record in
 * `seq` order; an update moves the record to the end with a higher `seq` and `version + 1`.
 */
export class FakePosServer {
  private readonly feeds: Record<StreamName, Change[]> = { transactions: [], customers: [] };
  private readonly records: Record<StreamName, Map<string, unknown>> = {
    transactions: new Map(),
    customers: new Map(),
  };
  private seq = 0;
  private readonly state: GeneratorState;

  private constructor(
    private readonly server: RunningFakeServer,
    readonly apiKey: string,
    private readonly faults: FaultInjector,
    seed: number,
  ) {
    this.state = { random: createPrng(seed), clock: CLOCK_START, transactionCount: 0, receiptCount: 0 };
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.server.url;
  }

  /** Starts a server on 127.0.0.1 (random port unless given). Data is deterministic for a seed. */
  static async start(
    options: { apiKey?: string; port?: number; seed?: number } = {},
  ): Promise<FakePosServer> {
    const seed = options.seed ?? 1;
    const apiKey = options.apiKey ?? 'fake-pos-key';
    const faults = new FaultInjector(seed);
    const ref: { instance?: FakePosServer } = {};
    const server = await startFakeServer({
      port: options.port,
      apiKey,
      faults,
      route: (req) => ref.instance!.route(req),
    });
    ref.instance = new FakePosServer(server, apiKey, faults, seed);
    return ref.instance;
  }

  /**
   * Generates `count` transactions (sales and, per `refundRatio`, refunds of earlier sales), stores
   * them as new changes and returns them. Creates the customer pool on first use.
   */
  generate(count: number, options: GenerateOptions = {}): FakePosTransaction[] {
    const currency = options.currency ?? 'USD';
    exponentOf(currency);
    const refundRatio = options.refundRatio ?? 0.1;
    const locations = options.locations ?? ['S1', 'S2'];
    const poolSize = options.customers ?? 5;
    for (let n = 1; n <= poolSize; n += 1) {
      const id = `C${String(n).padStart(4, '0')}`;
      if (!this.records.customers.has(id)) this.append('customers', makeCustomer(this.state, n));
    }
    const { random } = this.state;
    const out: FakePosTransaction[] = [];
    for (let i = 0; i < count; i += 1) {
      const sales = this.currentSales(currency);
      let txn: FakePosTransaction;
      if (sales.length > 0 && random() < refundRatio) {
        txn = makeRefund(this.state, pick(random, sales));
      } else {
        const customerId =
          poolSize > 0 && random() < (options.customerRatio ?? 0.6)
            ? `C${String(1 + Math.floor(random() * poolSize)).padStart(4, '0')}`
            : undefined;
        const customer = customerId ? (this.records.customers.get(customerId) as FakePosCustomer) : undefined;
        txn = makeSale(this.state, currency, pick(random, locations), customer);
      }
      out.push(this.append('transactions', txn) as FakePosTransaction);
    }
    return out;
  }

  /**
   * Stores any JSON value, even malformed, as the next change of a stream. Objects get `seq`
   * stamped; an object with a string `id` can also be fetched by id.
   */
  add(raw: unknown, stream: StreamName = 'transactions'): void {
    this.append(stream, raw);
  }

  /**
   * Applies a shallow patch to a transaction or customer: it reappears in its feed with a new
   * `seq`, `version + 1` and a later `updated_at`. Returns the new state.
   */
  update(id: string, patch: Record<string, unknown>): unknown {
    const stream: StreamName | undefined = this.records.transactions.has(id)
      ? 'transactions'
      : this.records.customers.has(id)
        ? 'customers'
        : undefined;
    if (!stream) throw new Error(`fake-pos has no record ${id}`);
    const current = this.records[stream].get(id) as Record<string, unknown>;
    const version = typeof current.version === 'number' ? current.version + 1 : 1;
    const at = tick(this.state);
    const updatedAt =
      typeof current.currency === 'string' ? isoWithOffset(at, current.currency) : new Date(at).toISOString();
    return this.append(stream, { ...current, ...patch, id, version, updated_at: updatedAt });
  }

  /** Replaces the fault settings (and restarts their PRNG). */
  setFaults(faults: FaultSettings): void {
    this.faults.set(faults);
  }

  stats(): FakePosStats {
    return {
      ...this.faults.snapshot(),
      transactions: this.records.transactions.size,
      customers: this.records.customers.size,
    };
  }

  /** The current state of a record, as `GET /v1/<stream>/:id` would return it. */
  get(id: string): unknown {
    return this.records.transactions.get(id) ?? this.records.customers.get(id);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private currentSales(currency: string): FakePosTransaction[] {
    const sales: FakePosTransaction[] = [];
    for (const t of this.records.transactions.values()) {
      const txn = t as Partial<FakePosTransaction>;
      if (txn.type === 'SALE' && txn.currency === currency && Array.isArray(txn.items))
        sales.push(txn as FakePosTransaction);
    }
    return sales;
  }

  private append(stream: StreamName, raw: unknown): unknown {
    this.seq += 1;
    const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const payload = isObject ? { ...(raw as Record<string, unknown>), seq: this.seq } : raw;
    const id =
      isObject && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    const feed = this.feeds[stream];
    if (id !== undefined) {
      const previous = (this.records[stream].get(id) as { seq?: unknown } | undefined)?.seq;
      if (typeof previous === 'number') {
        const index = firstAfter(feed, previous - 1);
        if (feed[index]?.seq === previous) feed.splice(index, 1);
      }
      this.records[stream].set(id, payload);
    }
    feed.push({ seq: this.seq, id, payload });
    return payload;
  }

  private route(req: FakeRequest): FakeReply {
    const match = /^\/v1\/(transactions|customers)(?:\/([^/]+))?$/.exec(req.path);
    if (!match) return errorReply(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`);
    if (req.method !== 'GET') return errorReply(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed`);
    const stream = match[1] as StreamName;
    if (match[2] !== undefined) {
      const record = this.records[stream].get(decodeURIComponent(match[2]));
      return record === undefined
        ? errorReply(404, 'NOT_FOUND', `No ${stream.slice(0, -1)} ${match[2]}`)
        : { status: 200, body: record };
    }
    return this.list(stream, req.query);
  }

  private list(stream: StreamName, query: URLSearchParams): FakeReply {
    const limit = intParam(query, 'limit') ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return errorReply(400, 'INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_LIMIT}`, {
        field: 'limit',
      });
    }
    const cursor = intParam(query, 'cursor');
    if (Number.isNaN(cursor)) {
      return errorReply(400, 'INVALID_CURSOR', 'cursor must be a non-negative integer', { field: 'cursor' });
    }
    const feed = this.feeds[stream];
    const start = firstAfter(feed, cursor ?? 0);
    const page = feed.slice(start, start + limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map((c) => c.payload),
        next_cursor: last ? String(last.seq) : (query.get('cursor') ?? null),
        has_more: start + page.length < feed.length,
      },
    };
  }
}

/** Index of the first change with seq > cursor (the feed is sorted by seq). */
function firstAfter(feed: readonly Change[], cursor: number): number {
  let lo = 0;
  let hi = feed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (feed[mid].seq <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
