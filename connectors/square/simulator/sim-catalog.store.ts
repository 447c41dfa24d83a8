import { iso, type SimClock } from './sim-clock';
import { localPrice, money } from './sim-money';
import type { SimRandom } from './sim-random';
import type { SquareLocationConfig } from './sim.types';

/** A catalog object as Square serves it (ITEM or ITEM_VARIATION here). */
export interface SquareCatalogObject {
  type: 'ITEM' | 'ITEM_VARIATION';
  id: string;
  updated_at: string;
  version: number;
  is_deleted: boolean;
  present_at_all_locations: boolean;
  item_data?: {
    name: string;
    description?: string;
    product_type: 'REGULAR';
    variations: SquareCatalogObject[];
  };
  item_variation_data?: {
    item_id: string;
    name: string;
    sku: string;
    ordinal: number;
    pricing_type: 'FIXED_PRICING';
    price_money: { amount: number; currency: string };
    location_overrides?: { location_id: string; price_money: { amount: number; currency: string } }[];
    track_inventory: boolean;
    sellable: boolean;
    stockable: boolean;
  };
}

/** What the order generator needs to sell a variation. */
export interface Sellable {
  readonly variationId: string;
  readonly itemName: string;
  readonly variationName: string;
  readonly version: number;
  readonly usdCents: number;
  readonly weighed: boolean;
}

const PRODUCTS: readonly [string, number, readonly string[], boolean][] = [
  ['Espresso', 300, ['Single', 'Double'], false],
  ['Latte', 475, ['Small', 'Medium', 'Large'], false],
  ['Cold Brew', 450, ['Regular', 'Large'], false],
  ['Green Tea', 350, ['Regular'], false],
  ['Croissant', 395, ['Plain', 'Almond'], false],
  ['Blueberry Muffin', 325, ['Regular'], false],
  ['Bagel', 275, ['Plain', 'Sesame', 'Everything'], false],
  ['Avocado Toast', 1095, ['Regular'], false],
  ['House Coffee Beans', 1699, ['12 oz', '2 lb'], false],
  ['Ceramic Mug', 1800, ['White', 'Black'], false],
  ['Bananas', 69, ['per lb'], true],
  ['Loose Leaf Tea', 2450, ['per lb'], true],
  ['Sparkling Water', 225, ['Can'], false],
  ['Gift Box', 3500, ['Small', 'Large'], false],
];

/**
 * The merchant's catalog: ITEMs with nested ITEM_VARIATIONs (sku, name, price). Prices are in the
 * first location's currency, with a location override for locations in another currency.
 */
export class SimCatalogStore {
  private readonly objects = new Map<string, SquareCatalogObject>();
  private readonly sellables: Sellable[] = [];

  constructor(
    private readonly clock: SimClock,
    random: SimRandom,
    locations: readonly SquareLocationConfig[],
    createdAt: number,
  ) {
    const home = locations[0]!.currency;
    let sku = 1000;
    for (const [name, cents, variations, weighed] of PRODUCTS) {
      const itemId = random.id('catalog');
      const variationObjects = variations.map((vName, ordinal): SquareCatalogObject => {
        const usdCents = cents + ordinal * 75;
        const id = random.id('catalog');
        const overrides = locations
          .filter((l) => l.currency !== home)
          .map((l) => ({
            location_id: l.id,
            price_money: money(localPrice(usdCents, l.currency), l.currency),
          }));
        this.sellables.push({
          variationId: id,
          itemName: name,
          variationName: vName,
          version: createdAt,
          usdCents,
          weighed,
        });
        sku += 1;
        return {
          type: 'ITEM_VARIATION',
          id,
          updated_at: iso(createdAt),
          version: createdAt,
          is_deleted: false,
          present_at_all_locations: true,
          item_variation_data: {
            item_id: itemId,
            name: vName,
            sku: `SKU-${sku}`,
            ordinal,
            pricing_type: 'FIXED_PRICING',
            price_money: money(localPrice(usdCents, home), home),
            ...(overrides.length > 0 ? { location_overrides: overrides } : {}),
            track_inventory: true,
            sellable: true,
            stockable: true,
          },
        };
      });
      const item: SquareCatalogObject = {
        type: 'ITEM',
        id: itemId,
        updated_at: iso(createdAt),
        version: createdAt,
        is_deleted: false,
        present_at_all_locations: true,
        item_data: { name, product_type: 'REGULAR', variations: variationObjects },
      };
      this.objects.set(itemId, item);
      for (const v of variationObjects) this.objects.set(v.id, v);
    }
  }

  all(): SquareCatalogObject[] {
    return [...this.objects.values()];
  }

  get(id: string): SquareCatalogObject | undefined {
    return this.objects.get(id);
  }

  variations(): SquareCatalogObject[] {
    return this.all().filter((o) => o.type === 'ITEM_VARIATION');
  }

  /** Variations that can still be sold (not deleted). */
  forSale(): Sellable[] {
    return this.sellables.filter((s) => this.objects.get(s.variationId)?.is_deleted === false);
  }

  /** Latest `updated_at` in the catalog, in ms. */
  latestTime(): number {
    let latest = 0;
    for (const o of this.objects.values()) latest = Math.max(latest, Date.parse(o.updated_at));
    return latest;
  }

  /** Changes a variation's base price (bumps version and updated_at of it and its item). */
  setPrice(variationId: string, amount: number): SquareCatalogObject {
    const v = this.require(variationId, 'ITEM_VARIATION');
    const data = v.item_variation_data!;
    return this.bump(variationId, {
      item_variation_data: { ...data, price_money: money(amount, data.price_money.currency) },
    });
  }

  /** Deletes an object (a deleted ITEM takes its variations with it); kept as `is_deleted: true`. */
  delete(id: string): string[] {
    const o = this.objects.get(id);
    if (!o) throw new Error(`no catalog object ${id}`);
    const ids = o.type === 'ITEM' ? [id, ...(o.item_data?.variations ?? []).map((v) => v.id)] : [id];
    for (const each of ids) this.bump(each, { is_deleted: true });
    return ids;
  }

  private require(id: string, type: SquareCatalogObject['type']): SquareCatalogObject {
    const o = this.objects.get(id);
    if (!o || o.type !== type) throw new Error(`no ${type} ${id}`);
    return o;
  }

  private bump(id: string, patch: Partial<SquareCatalogObject>): SquareCatalogObject {
    const now = this.clock.tick();
    const next = { ...this.objects.get(id)!, ...patch, updated_at: iso(now), version: now };
    this.objects.set(id, next);
    if (next.type === 'ITEM_VARIATION') {
      const item = this.objects.get(next.item_variation_data!.item_id);
      if (item?.item_data) {
        const variations = item.item_data.variations.map((v) => (v.id === id ? next : v));
        this.objects.set(item.id, { ...item, item_data: { ...item.item_data, variations } });
      }
    }
    return next;
  }
}
