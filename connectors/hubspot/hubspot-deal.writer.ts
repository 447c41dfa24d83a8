import { ConnectorError, type BatchItemResult } from '../../src/sdk';
import type { WriterDeps } from './hubspot-contact.writer';
import { associateContacts } from './hubspot-deal-associations';
import { settleNetAmount, withDeal, type Exclusive } from './hubspot-deal-net';
import {
  createLineItems,
  missingLineItems,
  readDealLineItems,
  type LineItemCreate,
} from './hubspot-line-items';
import { batchArchive, batchRead, chunk, inputError, tracedBatch } from './hubspot.batch';
import type { HubSpotConfig } from './hubspot.config';
import { negateDecimal, parseRefunds } from './hubspot.money';
import type { DealPayload } from './hubspot.payloads';
import { REFUNDS_PROPERTY, SALE_AMOUNT_PROPERTY } from './hubspot.properties';

/** A deal of its own: a sale, or a refund under the `refund-deal` policy (`refund` = true). */
export interface OwnDeal {
  readonly index: number;
  readonly reference: string;
  readonly deal: DealPayload;
  readonly refund: boolean;
}

interface Written {
  readonly own: OwnDeal;
  readonly id: string;
  readonly isNew: boolean;
}

/** The deal's properties as sent: pipeline and stage from config unless mapped, refunds signed. */
export function dealProperties(config: HubSpotConfig, own: OwnDeal): Record<string, string> {
  const props: Record<string, string> = { ...own.deal.properties };
  props.pipeline ??= config.pipeline;
  props.dealstage ??= own.refund ? config.refundDealStage : config.dealStage;
  if (own.refund) {
    props.amount = negateDecimal(props.amount!);
    if (!/^refund\b/i.test(props.dealname!)) props.dealname = `Refund ${props.dealname}`;
  }
  props[SALE_AMOUNT_PROPERTY] = props.amount!;
  props[config.properties.transactionId] = own.reference;
  return props;
}

/**
 * Writes own deals in as few calls as HubSpot allows (about five per 100 deals). Each step is safe
 * to replay after a crash between any two of them:
 *  a. batch upsert by the unique transaction id → one deal per reference, whatever happened before;
 *  b. for deals that existed already, read their line items (keys `<reference>#<line key>`);
 *  c. create the missing line items with their deal association inline, archive the ones whose key
 *     the payload no longer has (the sale was edited);
 *  d. associate deal → contact (an existing association is a no-op);
 *  e. a re-upserted sale that carries refunds gets amount = sale − refunds again, inside the deal's
 *     exclusive section shared with refunds (hubspot-deal-net.ts says why that is enough).
 */
export async function writeOwnDeals(
  deps: WriterDeps,
  exclusive: Exclusive,
  deals: readonly OwnDeal[],
  results: BatchItemResult[],
): Promise<void> {
  const rounds: OwnDeal[][] = [];
  const seen = new Map<string, number>();
  for (const own of deals) {
    const round = seen.get(own.reference) ?? 0;
    seen.set(own.reference, round + 1);
    (rounds[round] ??= []).push(own);
  }
  for (const round of rounds) {
    for (const part of chunk(round)) await writeChunk(deps, exclusive, part, results);
  }
}

async function writeChunk(
  deps: WriterDeps,
  exclusive: Exclusive,
  part: readonly OwnDeal[],
  results: BatchItemResult[],
): Promise<void> {
  const { client, config } = deps;
  const idProperty = config.properties.transactionId;
  // a. upsert
  const inputs = part.map((own) => ({
    id: own.reference,
    idProperty,
    properties: dealProperties(config, own),
  }));
  const outcomes = await tracedBatch(client, '/crm/v3/objects/deals/batch/upsert', inputs, idProperty);
  const written: Written[] = [];
  outcomes.forEach((outcome, i) => {
    const own = part[i]!;
    if (outcome.ok) written.push({ own, id: outcome.object.id, isNew: outcome.object.new === true });
    else results[own.index] = { ok: false, error: inputError(outcome.error, `deal ${own.reference}`) };
  });
  // b. what the deals that existed already have
  const old = written.filter((w) => !w.isNew);
  const lineItems = await readDealLineItems(
    client,
    old.map((w) => w.id),
  );
  // c. line items
  const creates: LineItemCreate[] = [];
  const obsolete: string[] = [];
  for (const w of written) {
    const have = lineItems.get(w.id) ?? [];
    const currency = w.own.deal.properties.deal_currency_code;
    creates.push(
      ...missingLineItems(w.id, w.own.reference, w.own.deal.lineItems, currency, have, w.own.refund),
    );
    const prefix = `${w.own.reference}#`;
    const wanted = new Set(w.own.deal.lineItems.map((l) => `${prefix}${l.key}`));
    // Only this write's own lines: refund lines (other references) and users' lines stay.
    obsolete.push(...have.filter((l) => l.key?.startsWith(prefix) && !wanted.has(l.key)).map((l) => l.id));
  }
  const failed = await createLineItems(client, creates);
  await batchArchive(client, 'line_items', obsolete);
  // d. contact associations
  const pairs = written
    .filter((w) => w.own.deal.contactId !== undefined && !failed.has(w.id))
    .map((w) => ({ dealId: w.id, contactId: w.own.deal.contactId! }));
  for (const [dealId, error] of await associateContacts(client, pairs)) failed.set(dealId, error);
  // e. refunds recorded on re-upserted sales
  const sales = old.filter((w) => !w.own.refund);
  for (const [dealId, error] of await reapplyRefunds(deps, exclusive, sales)) failed.set(dealId, error);
  for (const w of written) {
    const error = failed.get(w.id);
    results[w.own.index] = error
      ? { ok: false, error }
      : { ok: true, result: { externalId: w.id, created: w.isNew } };
  }
}

/**
 * Sets amount = sale − Σ refunds on re-upserted sales that carry `poshub_refunds`. One batch read
 * finds them (most sales have none); each of those is then re-read and patched inside its deal's
 * section, so a refund written meanwhile is neither lost nor computed from the old sale. Finding them
 * outside the section is safe because it follows the upsert: a refund it misses re-reads the deal
 * after its own patch and sees the new sale (hubspot-deal-net.ts).
 * Returns the deals whose fix failed (their own failure, as the batch's other deals are written).
 */
async function reapplyRefunds(
  deps: WriterDeps,
  exclusive: Exclusive,
  sales: readonly Written[],
): Promise<Map<string, ConnectorError>> {
  const failed = new Map<string, ConnectorError>();
  if (sales.length === 0) return failed;
  const current = await batchRead(
    deps.client,
    'deals',
    sales.map((w) => w.id),
    [REFUNDS_PROPERTY],
  );
  const carrying = new Set(
    current
      .filter((d) => Object.keys(parseRefunds(d.properties[REFUNDS_PROPERTY])).length > 0)
      .map((d) => d.id),
  );
  for (const w of sales.filter((s) => carrying.has(s.id))) {
    const currency = w.own.deal.properties.deal_currency_code;
    try {
      await withDeal(exclusive, w.id, () => settleNetAmount(deps.client, w.id, currency));
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      failed.set(w.id, err);
    }
  }
  return failed;
}
