import { iso, type SimClock } from './sim-clock';
import { addDecimals, parseDecimal } from './sim-money';
import type { SimRandom } from './sim-random';

/** An InventoryCount as Square serves it. */
export interface SquareInventoryCount {
  catalog_object_id: string;
  catalog_object_type: 'ITEM_VARIATION';
  state: string;
  location_id: string;
  quantity: string;
  calculated_at: string;
  is_estimated: boolean;
}

/** An InventoryChange as recorded (PHYSICAL_COUNT or ADJUSTMENT). */
export interface SquareInventoryChange {
  type: 'PHYSICAL_COUNT' | 'ADJUSTMENT';
  physical_count?: Record<string, unknown>;
  adjustment?: Record<string, unknown>;
}

/** Normalises a decimal string: no trailing zeros, no "-0". */
export function normalizeQuantity(value: string): string {
  const d = parseDecimal(value);
  let digits = d.digits;
  let scale = d.scale;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }
  const negative = digits < 0n;
  const s = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

const keyOf = (objectId: string, locationId: string, state: string): string =>
  `${objectId}|${locationId}|${state}`;

/** What a count is made of: its latest physical count (by occurred_at) and every adjustment. */
interface CountLedger {
  /** The latest physical count; absent for a state never counted (then it starts at 0). */
  base?: { readonly at: number; readonly quantity: string };
  /** Signed quantities with their occurred_at, in the order they were applied. */
  readonly deltas: { readonly at: number; readonly quantity: string }[];
}

/**
 * Inventory counts per (variation, location, state) and every change applied to them. Like Square,
 * a count is its latest PHYSICAL_COUNT (by `occurred_at`) with every ADJUSTMENT that occurred
 * strictly after it replayed on top: a count stamped in the past does not wipe out the sales rung
 * up since. A physical count older than the latest one changes nothing.
 */
export class SimInventoryStore {
  private readonly counts = new Map<string, SquareInventoryCount>();
  private readonly ledgers = new Map<string, CountLedger>();
  private readonly changes: SquareInventoryChange[] = [];

  constructor(private readonly clock: SimClock) {}

  /** Initial IN_STOCK levels, as if counted at `at`. */
  seed(random: SimRandom, variationIds: readonly string[], locationIds: readonly string[], at: number): void {
    for (const v of variationIds) {
      for (const l of locationIds) {
        const quantity = String(random.int(0, 120));
        this.ledgers.set(keyOf(v, l, 'IN_STOCK'), { base: { at, quantity }, deltas: [] });
        this.counts.set(keyOf(v, l, 'IN_STOCK'), {
          catalog_object_id: v,
          catalog_object_type: 'ITEM_VARIATION',
          state: 'IN_STOCK',
          location_id: l,
          quantity,
          calculated_at: iso(at),
          is_estimated: false,
        });
      }
    }
  }

  all(): SquareInventoryCount[] {
    return [...this.counts.values()];
  }

  history(): SquareInventoryChange[] {
    return [...this.changes];
  }

  quantity(objectId: string, locationId: string, state: string): string {
    return this.counts.get(keyOf(objectId, locationId, state))?.quantity ?? '0';
  }

  /**
   * Records a physical count at `occurredAt`: the count becomes `quantity` plus every adjustment
   * that occurred after `occurredAt`. Returns false when a later physical count exists (ignored).
   */
  applyPhysicalCount(
    objectId: string,
    locationId: string,
    state: string,
    quantity: string,
    occurredAt: number,
  ): boolean {
    const ledger = this.ledgerOf(objectId, locationId, state);
    if (ledger.base && ledger.base.at > occurredAt) return false;
    ledger.base = { at: occurredAt, quantity: normalizeQuantity(quantity) };
    this.put(objectId, locationId, state, this.replay(ledger));
    return true;
  }

  /**
   * Moves `quantity` from one state to another (NONE is outside inventory) at `occurredAt`
   * (default: now). An adjustment older than a state's latest physical count is recorded but does
   * not change that state's count (the count already saw it).
   */
  applyAdjustment(
    objectId: string,
    locationId: string,
    from: string,
    to: string,
    quantity: string,
    occurredAt: number = Date.now(),
  ): void {
    for (const [state, signed] of [
      [from, `-${quantity}`],
      [to, quantity],
    ] as const) {
      if (state === 'NONE') continue;
      const ledger = this.ledgerOf(objectId, locationId, state);
      ledger.deltas.push({ at: occurredAt, quantity: signed });
      this.put(objectId, locationId, state, this.replay(ledger));
    }
  }

  record(change: SquareInventoryChange): void {
    this.changes.push(change);
  }

  count(objectId: string, locationId: string, state: string): SquareInventoryCount | undefined {
    return this.counts.get(keyOf(objectId, locationId, state));
  }

  private ledgerOf(objectId: string, locationId: string, state: string): CountLedger {
    const key = keyOf(objectId, locationId, state);
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      ledger = { deltas: [] };
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }

  /** The latest physical count plus the adjustments that occurred strictly after it. */
  private replay(ledger: CountLedger): string {
    const base = ledger.base;
    const later = ledger.deltas.filter((d) => !base || d.at > base.at).map((d) => d.quantity);
    return addDecimals([base?.quantity ?? '0', ...later]);
  }

  private put(objectId: string, locationId: string, state: string, quantity: string): void {
    this.counts.set(keyOf(objectId, locationId, state), {
      catalog_object_id: objectId,
      catalog_object_type: 'ITEM_VARIATION',
      state,
      location_id: locationId,
      quantity: normalizeQuantity(quantity),
      calculated_at: iso(this.clock.tick()),
      is_estimated: false,
    });
  }
}
