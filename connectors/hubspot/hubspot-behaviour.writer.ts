import { RejectedError, type BatchItem, type BatchItemResult } from '../../src/sdk';
import { upsertContacts, type ContactUpsert, type WriterDeps } from './hubspot-contact.writer';
import { ContactBehaviourPayloadSchema, parsePayload } from './hubspot.payloads';

/** The account currency: the configured one, else the account's company currency. */
export async function accountCurrency(deps: WriterDeps): Promise<string | undefined> {
  return deps.config.accountCurrency ?? (await deps.client.accountInfo()).companyCurrency;
}

/**
 * Writes customer behaviour (`hubspot.contact-behaviour` payloads) onto the contacts of the
 * customers' references, by batch upsert. Amounts in another currency than the account's are
 * refused: HubSpot number properties carry no currency, and poshub does not convert at guessed rates.
 */
export async function writeBehaviours(
  deps: WriterDeps,
  items: readonly BatchItem[],
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
  const parsed = items.map((item) => parsePayload(ContactBehaviourPayloadSchema, item.payload));
  const valid = parsed.some((p) => p.ok);
  const currency = valid ? await accountCurrency(deps) : undefined;
  const entries: ContactUpsert[] = [];
  parsed.forEach((p, index) => {
    if (!p.ok) {
      results[index] = {
        ok: false,
        error: new RejectedError(`hubspot contact-behaviour payload is invalid: ${p.reason}`),
      };
    } else if (currency !== undefined && p.value.currency !== currency) {
      results[index] = {
        ok: false,
        error: new RejectedError(
          `customer behaviour is in ${p.value.currency} but the HubSpot account currency is ${currency}; ` +
            'poshub does not convert amounts at guessed rates',
          { currency: p.value.currency, accountCurrency: currency },
        ),
      };
    } else {
      entries.push({ index, reference: p.value.customerReference, properties: p.value.properties });
    }
  });
  if (entries.length > 0) {
    await deps.ready();
    await upsertContacts(deps, entries, results);
  }
  return results;
}
