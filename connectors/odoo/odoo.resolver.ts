import type { z } from 'zod';
import { RejectedError } from '../../src/sdk';
import type { OdooClient } from './odoo.client';

/** poshub's reference of the shared partner that anonymous POS sales are booked to. */
export const WALK_IN_REFERENCE = 'poshub:walk-in';

/** Parses a mapped payload; a payload of the wrong shape is a mapping bug, refused with its issues. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, entity: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RejectedError(`odoo ${entity} payload is invalid: ${issues.slice(0, 3).join('; ')}`, {
      issues,
    });
  }
  return parsed.data;
}

/** `2024-05-01T09:30:00+07:00` → `2024-05-01 02:30:00` (Odoo stores datetimes as naive UTC). */
export function toOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2024-05-01 02:30:00` (naive UTC) → `2024-05-01T02:30:00Z`. */
export function fromOdooDatetime(value: string): string {
  return `${value.trim().replace(' ', 'T')}Z`;
}

/**
 * Looks up the ids the connector needs by business key, with small per-instance caches: products
 * by SKU, currencies by code, the walk-in partner, and which of several field names a model has
 * (renamed across Odoo versions, e.g. `tax_id` → `tax_ids`, payment `ref` → `memo`).
 */
export class OdooResolver {
  private readonly products = new Map<string, number>();
  private readonly currencies = new Map<string, number>();
  private readonly pricelists = new Map<string, number>();
  private walkIn: number | undefined;

  constructor(
    private readonly client: OdooClient,
    private readonly options: { createMissingProducts: boolean; companyId?: number },
  ) {}

  /**
   * The `product.product` id of a SKU. Unknown SKUs are created (name, SKU, price) when the
   * connection allows it, else refused naming the SKU.
   */
  async productId(sku: string, create?: { name: string; list_price?: number }): Promise<number> {
    const cached = this.products.get(sku);
    if (cached !== undefined) return cached;
    const found = await this.client.findOne('product.product', [['default_code', '=', sku]], ['id']);
    let id = typeof found?.id === 'number' ? found.id : undefined;
    if (id === undefined) {
      if (!this.options.createMissingProducts || !create) {
        throw new RejectedError(
          `Odoo has no product with internal reference (default_code) "${sku}" and createMissingProducts is off`,
          { sku },
        );
      }
      id = await this.client.create('product.product', { default_code: sku, ...create });
    }
    this.products.set(sku, id);
    return id;
  }

  /** The `res.currency` id of an ISO code (inactive currencies included, they may still be used). */
  async currencyId(code: string): Promise<number> {
    const cached = this.currencies.get(code);
    if (cached !== undefined) return cached;
    const rows = await this.client.searchRead('res.currency', [['name', '=', code]], {
      fields: ['id'],
      limit: 1,
      context: { active_test: false },
    });
    const id = rows[0]?.id;
    if (typeof id !== 'number') throw new RejectedError(`Odoo has no currency ${code}`, { currency: code });
    this.currencies.set(code, id);
    return id;
  }

  /**
   * A `product.pricelist` in the currency: a sale order takes its currency from its pricelist
   * (`currency_id` is computed), so a VND sale needs a VND pricelist.
   */
  async pricelistId(code: string): Promise<number> {
    const cached = this.pricelists.get(code);
    if (cached !== undefined) return cached;
    const currencyId = await this.currencyId(code);
    const row = await this.client.findOne('product.pricelist', [['currency_id', '=', currencyId]], ['id']);
    if (typeof row?.id !== 'number') {
      throw new RejectedError(
        `Odoo has no pricelist in ${code}, so a sale order cannot be in ${code}: add one (Sales → Products → Pricelists)`,
        { currency: code },
      );
    }
    this.pricelists.set(code, row.id);
    return row.id;
  }

  /** The shared walk-in partner, found by its reference or created once. */
  async walkInPartner(): Promise<number> {
    if (this.walkIn !== undefined) return this.walkIn;
    const found = await this.client.findOne('res.partner', [['ref', '=', WALK_IN_REFERENCE]], ['id']);
    this.walkIn =
      typeof found?.id === 'number'
        ? found.id
        : await this.client.create('res.partner', {
            name: 'POS walk-in customer',
            ref: WALK_IN_REFERENCE,
            ...(this.options.companyId ? { company_id: this.options.companyId } : {}),
          });
    return this.walkIn;
  }

  /** The first of `candidates` that `model` has (asked once with `fields_get`), else the first. */
  async field(model: string, candidates: readonly string[]): Promise<string> {
    const known = await this.client.fieldNames(model);
    return candidates.find((c) => known.has(c)) ?? candidates[0]!;
  }
}
