import type { z } from 'zod';
import { RejectedError, type ConnectorContext } from '../../src/sdk';
import type { OdooClient, OdooDomain } from './odoo.client';

/** poshub's reference of the shared partner that anonymous POS sales are booked to. */
export const WALK_IN_REFERENCE = 'poshub:walk-in';

/** The connection-wide lock of the SDK (see ConnectorContext.exclusive). */
export type Exclusive = ConnectorContext<unknown>['exclusive'];

/** How to find, and if missing create, one record many deliveries share. */
export interface SharedRecord {
  readonly model: string;
  /** The natural key of the lock, e.g. the SKU; the lock is `<model>:<key>`. */
  readonly key: string;
  readonly domain: OdooDomain;
  /** The values to create with; may throw (e.g. RejectedError when creating is not allowed). */
  readonly values: () => Record<string, unknown>;
}

/**
 * Finds a record by `domain`, else creates it while holding the connection-wide lock
 * `<model>:<key>`, searching again inside: Odoo cannot create idempotently, so without the lock
 * two deliveries (threads or worker processes) that both miss would both create it.
 */
export async function findOrCreateShared(
  client: OdooClient,
  exclusive: Exclusive,
  shared: SharedRecord,
): Promise<{ id: number; created: boolean }> {
  const find = async () => {
    const row = await client.findOne(shared.model, shared.domain, ['id']);
    return typeof row?.id === 'number' ? row.id : undefined;
  };
  const found = await find();
  if (found !== undefined) return { id: found, created: false };
  return exclusive(`${shared.model}:${shared.key}`, async () => {
    const again = await find();
    if (again !== undefined) return { id: again, created: false };
    return { id: await client.create(shared.model, shared.values()), created: true };
  });
}

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

/** Refusal of a SKU Odoo does not know when the connection may not create products. */
export function missingProduct(sku: string): RejectedError {
  return new RejectedError(
    `Odoo has no product with internal reference (default_code) "${sku}" and createMissingProducts is off`,
    { sku },
  );
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
 * (renamed across Odoo versions, e.g. `tax_id` → `tax_ids`, payment `ref` → `memo`). Products and
 * the walk-in partner are created under the connection-wide lock (see findOrCreateShared).
 */
export class OdooResolver {
  private readonly products = new Map<string, number>();
  private readonly currencies = new Map<string, number>();
  private readonly pricelists = new Map<string, number>();
  private walkIn: number | undefined;

  constructor(
    private readonly client: OdooClient,
    private readonly options: { createMissingProducts: boolean; companyId?: number },
    readonly exclusive: Exclusive,
  ) {}

  /**
   * The `product.product` id of a SKU. Unknown SKUs are created (name, SKU, price) when the
   * connection allows it, else refused naming the SKU.
   */
  async productId(sku: string, create?: { name: string; list_price?: number }): Promise<number> {
    const cached = this.products.get(sku);
    if (cached !== undefined) return cached;
    const { id } = await findOrCreateShared(this.client, this.exclusive, {
      model: 'product.product',
      key: sku,
      domain: [['default_code', '=', sku]],
      values: () => {
        if (!this.options.createMissingProducts || !create) throw missingProduct(sku);
        return { default_code: sku, ...create };
      },
    });
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
    const { id } = await findOrCreateShared(this.client, this.exclusive, {
      model: 'res.partner',
      key: WALK_IN_REFERENCE,
      domain: [['ref', '=', WALK_IN_REFERENCE]],
      values: () => ({
        name: 'POS walk-in customer',
        ref: WALK_IN_REFERENCE,
        ...(this.options.companyId ? { company_id: this.options.companyId } : {}),
      }),
    });
    this.walkIn = id;
    return id;
  }

  /** The first of `candidates` that `model` has (asked once with `fields_get`), else the first. */
  async field(model: string, candidates: readonly string[]): Promise<string> {
    const known = await this.client.fieldNames(model);
    return candidates.find((c) => known.has(c)) ?? candidates[0]!;
  }
}
