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

/** Inventory counts per (variation, location, state) and every change applied to them. */
export class SimInventoryStore {
  private readonly counts = new Map<string, SquareInventoryCount>();
  /** occurred_at of the latest physical count per count key; older counts do not override it. */
  private readonly lastCountAt = new Map<string, number>();
  private readonly changes: SquareInventoryChange[] = [];

  constructor(private readonly clock: SimClock) {}

  /** Initial IN_STOCK levels, as if counted at `at`. */
  seed(random: SimRandom, variationIds: readonly string[], locationIds: readonly string[], at: number): void {
    for (const v of variationIds) {
      for (const l of locationIds) {
        this.counts.set(keyOf(v, l, 'IN_STOCK'), {
          catalog_object_id: v,
          catalog_object_type: 'ITEM_VARIATION',
          state: 'IN_STOCK',
          location_id: l,
          quantity: String(random.int(0, 120)),
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

  /** Sets a count from a physical count; returns false when an older count arrived late (ignored). */
  applyPhysicalCount(
    objectId: string,
    locationId: string,
    state: string,
    quantity: string,
    occurredAt: number,
  ): boolean {
    const key = keyOf(objectId, locationId, state);
    if ((this.lastCountAt.get(key) ?? -Infinity) > occurredAt) return false;
    this.lastCountAt.set(key, occurredAt);
    this.put(objectId, locationId, state, normalizeQuantity(quantity));
    return true;
  }

  /** Moves `quantity` from one state to another (NONE is outside inventory). */
  applyAdjustment(objectId: string, locationId: string, from: string, to: string, quantity: string): void {
    if (from !== 'NONE') {
      this.put(
        objectId,
        locationId,
        from,
        addDecimals([this.quantity(objectId, locationId, from), `-${quantity}`]),
      );
    }
    if (to !== 'NONE') {
      this.put(objectId, locationId, to, addDecimals([this.quantity(objectId, locationId, to), quantity]));
    }
  }

  record(change: SquareInventoryChange): void {
    this.changes.push(change);
  }

  count(objectId: string, locationId: string, state: string): SquareInventoryCount | undefined {
    return this.counts.get(keyOf(objectId, locationId, state));
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
