import type { OdooClient } from './odoo.client';
import type { OdooTransactionPayload } from './odoo.payloads';
import type { OdooResolver } from './odoo.resolver';
import { localDate } from './odoo-documents';

const MODEL = 'account.payment';

/** The memo that identifies tender `index` of a transaction: poshub's reference + `#` + 1-based index. */
export function paymentMemo(reference: string, index: number): string {
  return `${reference}#${index + 1}`;
}

/**
 * Records each tender as a posted `account.payment` in its journal (inbound for a sale, outbound
 * for a refund). Each payment is found by its memo before it is created, so a retry after a lost
 * answer never pays twice; a payment left in draft by an interrupted run is posted.
 */
export async function writePayments(
  client: OdooClient,
  resolver: OdooResolver,
  body: OdooTransactionPayload,
  context: { reference: string; partnerId: number; companyId?: number },
): Promise<number[]> {
  if (body.payments.length === 0) return [];
  // Odoo 18 renamed the payment's `ref` to `memo`; ask the server which one it has.
  const memoField = await resolver.field(MODEL, ['memo', 'ref']);
  const currencyId = await resolver.currencyId(body.currency);
  const ids: number[] = [];
  for (const [index, tender] of body.payments.entries()) {
    const memo = paymentMemo(context.reference, index);
    const found = await client.findOne(MODEL, [[memoField, '=', memo]], ['id', 'state']);
    let id: number;
    let state: unknown;
    if (typeof found?.id === 'number') {
      id = found.id;
      state = found.state;
    } else {
      id = await client.create(MODEL, {
        payment_type: body.kind === 'refund' ? 'outbound' : 'inbound',
        partner_type: 'customer',
        partner_id: context.partnerId,
        amount: tender.amount,
        currency_id: currencyId,
        journal_id: tender.journal_id,
        date: localDate(body.date),
        [memoField]: memo,
        ...(context.companyId ? { company_id: context.companyId } : {}),
      });
      state = 'draft';
    }
    if (state === 'draft') await client.action(MODEL, 'action_post', [id]);
    ids.push(id);
  }
  return ids;
}
