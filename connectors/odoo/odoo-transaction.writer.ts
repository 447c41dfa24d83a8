import { RejectedError, type WriteOptions, type WriteResult } from '../../src/sdk';
import type { OdooClient, OdooRow } from './odoo.client';
import type { OdooConfig } from './odoo.config';
import { OdooTransactionPayloadSchema, type OdooTransactionPayload } from './odoo.payloads';
import { parsePayload, type OdooResolver } from './odoo.resolver';
import {
  CREDIT_NOTE,
  documentExternalId,
  documentSpecFor,
  headerValues,
  lineCommands,
  parseDocumentId,
  type DocumentSpec,
} from './odoo-documents';
import { writePayments } from './odoo-payments.writer';

/** What the transaction writer needs from the connection. */
export interface TransactionWriterDeps {
  readonly client: OdooClient;
  readonly resolver: OdooResolver;
  readonly config: Pick<OdooConfig, 'documentType' | 'companyId'>;
}

const STATE_FIELDS = ['id', 'name', 'state'];

function describeDoc(spec: DocumentSpec, row: OdooRow): string {
  const name = typeof row.name === 'string' && row.name !== '/' ? ` ${row.name}` : '';
  return `${spec.label} ${String(row.id)}${name}`;
}

/**
 * Finds the sale a refund gives back, by poshub's reference when the pipeline knows it, else by the
 * POS id stored as origin. A credit note then points at it: `reversed_entry_id` for an invoice,
 * `invoice_origin` (the order's name) for a sale order.
 */
async function refundLink(
  deps: TransactionWriterDeps,
  body: OdooTransactionPayload,
): Promise<Record<string, unknown>> {
  const original = documentSpecFor('sale', deps.config.documentType);
  const originField = original.model === 'sale.order' ? 'origin' : 'invoice_origin';
  const probes: unknown[][] = [];
  if (body.original_reference) probes.push([[original.refField, '=', body.original_reference]]);
  if (body.original_origin) probes.push([[originField, '=', body.original_origin]]);
  for (const domain of probes) {
    const row = await deps.client.findOne(original.model, [...domain, ...original.scope], ['id', 'name']);
    if (typeof row?.id !== 'number') continue;
    if (original.model === 'account.move') return { reversed_entry_id: row.id };
    return typeof row.name === 'string' ? { invoice_origin: row.name } : {};
  }
  // The sale is unknown to Odoo (sold before go-live, or another destination): keep its POS id.
  return body.original_origin ? { invoice_origin: body.original_origin } : {};
}

async function confirmAndPay(
  deps: TransactionWriterDeps,
  spec: DocumentSpec,
  id: number,
  state: unknown,
  body: OdooTransactionPayload,
  context: { reference: string; partnerId: number },
): Promise<void> {
  if (!body.confirm) return;
  if (spec.draftStates.includes(String(state)))
    await deps.client.action(spec.model, spec.confirmMethod, [id]);
  await writePayments(deps.client, deps.resolver, body, { ...context, companyId: deps.config.companyId });
}

/**
 * Writes a POS sale or refund as one Odoo document keyed by poshub's reference
 * (`client_order_ref` on sale orders, `ref` on invoices and credit notes), and returns it as
 * `<model>,<id>` (see documentExternalId; `existingId` may also be a bare id of connector 1.0).
 *
 * - `existingId` and the document still draft: header rewritten and lines replaced in one write
 *   (`(5,0,0)` then `(0,0,vals)`), then confirmed when the payload asks. Confirmed or posted
 *   documents are refused: poshub never edits them.
 * - otherwise the reference is searched before anything is created, so a crash between Odoo's
 *   create and poshub's link (or a lost answer) never makes a second document; a document found in
 *   draft is brought up to date the same way.
 * - tenders become payments (see writePayments) once the document is confirmed.
 */
export async function writeTransaction(
  deps: TransactionWriterDeps,
  payload: unknown,
  options: WriteOptions,
): Promise<WriteResult> {
  const { client, resolver, config } = deps;
  const body = parsePayload(OdooTransactionPayloadSchema, payload, 'transaction');
  const spec = documentSpecFor(body.kind, config.documentType);
  const linked =
    options.existingId !== undefined ? parseDocumentId(options.existingId, spec.model) : undefined;
  if (linked && linked.model !== spec.model) {
    // documentType changed after this record was delivered: never make it a second document.
    throw new RejectedError(
      `this record is linked to ${options.existingId!} but would now become a ${spec.label} (${spec.model}); poshub does not write a second document for it`,
      { linked: options.existingId, model: spec.model },
    );
  }
  const partnerId = body.partner_id ?? (await resolver.walkInPartner());
  const header = await headerValues(spec, body, partnerId, resolver, config.companyId);
  if (spec === CREDIT_NOTE) Object.assign(header, await refundLink(deps, body));
  const context = { reference: options.reference, partnerId };

  let row: OdooRow | undefined;
  if (linked) {
    row = await client.findOne(spec.model, [['id', '=', linked.id], ...spec.scope], STATE_FIELDS);
  }
  row ??= await client.findOne(
    spec.model,
    [[spec.refField, '=', options.reference], ...spec.scope],
    STATE_FIELDS,
  );

  const lines = await lineCommands(spec, body.lines, resolver);
  if (row && typeof row.id === 'number') {
    const id = row.id;
    if (spec.draftStates.includes(String(row.state))) {
      await client.write(spec.model, [id], { ...header, [spec.lineField]: [[5, 0, 0], ...lines] });
    } else if (options.existingId !== undefined) {
      throw new RejectedError(
        `${describeDoc(spec, row)} is ${String(row.state) === 'cancel' ? 'cancelled' : 'confirmed'}; poshub never edits posted documents`,
        { model: spec.model, id, state: row.state },
      );
    }
    await confirmAndPay(deps, spec, id, row.state, body, context);
    return { externalId: documentExternalId(spec.model, id), created: false };
  }

  const id = await client.create(spec.model, {
    ...header,
    [spec.refField]: options.reference,
    [spec.lineField]: lines,
  });
  await confirmAndPay(deps, spec, id, 'draft', body, context);
  return { externalId: documentExternalId(spec.model, id), created: true };
}
