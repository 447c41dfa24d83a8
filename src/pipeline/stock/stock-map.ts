import type { PoshubConfig, StockConfig } from '../../config';

/** A product as stock levels and sale lines name it. */
export interface ProductRef {
  readonly externalId?: string;
  readonly sku?: string;
}

/**
 * The `stock:` section resolved against its lookups: which ERP location each POS location maps to
 * (and back), and the SKU of a POS product that names only its own id (a Square variation). SKUs
 * are the key both sides share; ERP records always carry one (the ERP finds products by SKU).
 */
export class StockMap {
  private readonly erpOf = new Map<string, string>();
  private readonly posOf = new Map<string, string[]>();
  private readonly skuOfPosId = new Map<string, string>();
  private readonly knownSkus = new Set<string>();

  constructor(
    readonly settings: StockConfig,
    lookups: PoshubConfig['lookups'],
  ) {
    for (const [pos, erp] of Object.entries(lookups[settings.locations] ?? {})) {
      this.erpOf.set(pos, erp);
      this.posOf.set(erp, [...(this.posOf.get(erp) ?? []), pos].sort());
    }
    for (const [sku, posId] of Object.entries(settings.products ? (lookups[settings.products] ?? {}) : {})) {
      this.skuOfPosId.set(posId, sku);
      this.knownSkus.add(sku);
    }
  }

  /** The ERP location a POS location maps to, if it is mapped. */
  erpLocation(posLocation: string): string | undefined {
    return this.erpOf.get(posLocation);
  }

  /** The POS locations mapped to an ERP location, sorted (empty when none). */
  posLocations(erpLocation: string): readonly string[] {
    return this.posOf.get(erpLocation) ?? [];
  }

  /** Every mapped POS location. */
  allPosLocations(): string[] {
    return [...this.erpOf.keys()].sort();
  }

  /** The SKU of a POS product: its own, else the products lookup read backwards. */
  posSku(product: ProductRef | undefined): string | undefined {
    if (!product) return undefined;
    if (product.sku) return product.sku;
    return product.externalId !== undefined ? this.skuOfPosId.get(product.externalId) : undefined;
  }

  /**
   * False for a SKU the products lookup does not list, when there is one: the POS has no such
   * product, so no level is computed for it there (the ERP also stocks things the shop never sells).
   */
  posKnows(sku: string): boolean {
    return !this.settings.products || this.knownSkus.has(sku);
  }

  /** The SKU of an ERP product (ERP stock records name it). */
  erpSku(product: ProductRef | undefined): string | undefined {
    return product?.sku;
  }
}
