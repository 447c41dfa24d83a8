import { RejectedError } from '../../src/sdk';
import type { OdooConfig } from './odoo.config';
import type { OdooLinePayload, OdooTransactionPayload } from './odoo.payloads';
import { toOdooDatetime, type OdooResolver } from './odoo.resolver';

/** The Odoo models a transaction becomes. */
export type DocumentModel = 'sale.order' | 'account.move';

/** How one kind of Odoo document is searched, built, confirmed and recognised as still editable. */
export interface DocumentSpec {
  readonly model: DocumentModel;
  /** Field holding poshub's reference (the idempotency key at Odoo). */
  readonly refField: 'client_order_ref' | 'ref';
  /** Extra domain terms that select this kind of document (move type). */
  readonly scope: readonly unknown[];
  readonly lineField: 'order_line' | 'invoice_line_ids';
  readonly confirmMethod: 'action_confirm' | 'action_post';
  /** States in which lines may still be replaced. */
  readonly draftStates: readonly string[];
  /** What the document is called in messages. */
  readonly label: string;
}

const SALE_ORDER: DocumentSpec = {
  model: 'sale.order',
  refField: 'client_order_ref',
  scope: [],
  lineField: 'order_line',
  confirmMethod: 'action_confirm',
  draftStates: ['draft', 'sent'],
  label: 'sale order',
};

const moveSpec = (moveType: 'out_invoice' | 'out_refund', label: string): DocumentSpec => ({
  model: 'account.move',
  refField: 'ref',
  scope: [['move_type', '=', moveType]],
  lineField: 'invoice_line_ids',
  confirmMethod: 'action_post',
  draftStates: ['draft'],
  label,
});

export const CUSTOMER_INVOICE = moveSpec('out_invoice', 'customer invoice');
export const CREDIT_NOTE = moveSpec('out_refund', 'credit note');

/** Sales become the configured document type; refunds always become credit notes. */
export function documentSpecFor(
  kind: 'sale' | 'refund',
  documentType: OdooConfig['documentType'],
): DocumentSpec {
  if (kind === 'refund') return CREDIT_NOTE;
  return documentType === 'account.move' ? CUSTOMER_INVOICE : SALE_ORDER;
}

/**
 * The external id poshub links a transaction's document by: Odoo's own reference notation
 * `<model>,<id>` (`sale.order,12`, `account.move,12`). Both models live under the one canonical
 * kind `transaction`, and poshub's links are unique per (connection, kind, external id), so a bare
 * id would let sale order 12 and credit note 12 collide.
 */
export function documentExternalId(model: DocumentModel, id: number): string {
  return `${model},${id}`;
}

const DOCUMENT_ID = /^(?:(sale\.order|account\.move),)?([1-9][0-9]*)$/;

/**
 * Parses a linked document id: `<model>,<id>`, or a bare id as connector 1.0 linked it, which
 * meant the model this kind of transaction becomes (`bareModel`). Anything else is undefined.
 */
export function parseDocumentId(
  value: string,
  bareModel: DocumentModel,
): { model: DocumentModel; id: number } | undefined {
  const match = DOCUMENT_ID.exec(value.trim());
  if (!match) return undefined;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return undefined;
  return { model: (match[1] as DocumentModel | undefined) ?? bareModel, id };
}

/** The calendar date of an ISO timestamp in its own offset: the POS's business date. */
export function localDate(iso: string): string {
  return iso.slice(0, 10);
}

/** `(0, 0, vals)` commands for the lines, SKUs resolved to product ids. */
export async function lineCommands(
  spec: DocumentSpec,
  lines: readonly OdooLinePayload[],
  resolver: OdooResolver,
): Promise<unknown[]> {
  const taxField =
    spec.model === 'sale.order' ? await resolver.field('sale.order.line', ['tax_ids', 'tax_id']) : 'tax_ids';
  const qtyField = spec.model === 'sale.order' ? 'product_uom_qty' : 'quantity';
  const commands: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    const productId =
      line.product_id ??
      (line.default_code !== undefined
        ? await resolver.productId(line.default_code, { name: line.name, list_price: line.price_unit })
        : undefined);
    if (productId === undefined) {
      throw new RejectedError(`line ${index + 1} ("${line.name}") has neither a SKU nor a product id`);
    }
    commands.push([
      0,
      0,
      {
        product_id: productId,
        name: line.name,
        [qtyField]: line.quantity,
        price_unit: line.price_unit,
        discount: line.discount,
        [taxField]: [[6, 0, line.tax_ids]],
      },
    ]);
  }
  return commands;
}

/** Header values of the document (everything but lines, reference and the refund link). */
export async function headerValues(
  spec: DocumentSpec,
  body: OdooTransactionPayload,
  partnerId: number,
  resolver: OdooResolver,
  companyId: number | undefined,
): Promise<Record<string, unknown>> {
  const company = companyId ? { company_id: companyId } : {};
  if (spec.model === 'sale.order') {
    return {
      partner_id: partnerId,
      origin: body.origin,
      date_order: toOdooDatetime(body.date),
      pricelist_id: await resolver.pricelistId(body.currency),
      ...(body.warehouse_id ? { warehouse_id: body.warehouse_id } : {}),
      ...(body.note ? { note: body.note } : {}),
      ...company,
    };
  }
  return {
    move_type: spec === CREDIT_NOTE ? 'out_refund' : 'out_invoice',
    partner_id: partnerId,
    invoice_origin: body.origin,
    invoice_date: localDate(body.date),
    currency_id: await resolver.currencyId(body.currency),
    ...(body.note ? { narration: body.note } : {}),
    ...company,
  };
}
