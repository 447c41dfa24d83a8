import { ConnectorError, RejectedError } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import type { HubSpotConfig } from './hubspot.config';
import type { AccountInfo } from './hubspot.schemas';

/*
 * HubSpot takes a deal only in one of the account's currencies (the company currency plus the
 * additional ones under Settings → Account defaults → Currency) and refuses the write otherwise.
 * Checking first saves that write and says what to do, deal by deal, so one odd location does not
 * hold up the rest of a batch.
 */

/**
 * How old the account's currencies may be before a deal in a currency they lack reads them again: a
 * user who adds the currency in HubSpot and retries should not need a restart of the hub.
 */
export const CURRENCY_REFRESH_MS = 60_000;

/**
 * The account's currencies: the company currency (or the configured `accountCurrency`) and the
 * additional ones; undefined when HubSpot's answer does not say (then HubSpot alone decides).
 */
export function currenciesOf(
  info: AccountInfo,
  config: Pick<HubSpotConfig, 'accountCurrency'>,
): ReadonlySet<string> | undefined {
  // Without both fields the full list is unknown, and refusing on half a list would be wrong.
  if (info.companyCurrency === undefined || info.additionalCurrencies === undefined) return undefined;
  const all = [info.companyCurrency, ...info.additionalCurrencies, config.accountCurrency];
  return new Set(all.filter((c): c is string => c !== undefined).map((c) => c.toUpperCase()));
}

/**
 * The account's currencies as they stand for deals in `wanted`: the cached account details, read
 * again (at most once per CURRENCY_REFRESH_MS) when one of `wanted` is missing from them. Undefined
 * when the details cannot be read: the check only saves a write HubSpot would refuse, so a hiccup
 * here must neither hold up the batch nor refuse a deal for good on a stale list.
 */
export async function accountCurrencies(
  client: HubSpotClient,
  config: Pick<HubSpotConfig, 'accountCurrency'>,
  wanted: Iterable<string>,
): Promise<ReadonlySet<string> | undefined> {
  const read = async (maxAgeMs?: number): Promise<ReadonlySet<string> | undefined> => {
    try {
      return currenciesOf(await client.accountInfo(maxAgeMs), config);
    } catch (err) {
      if (err instanceof ConnectorError) return undefined;
      throw err;
    }
  };
  const cached = await read();
  if (cached === undefined || [...wanted].every((c) => cached.has(c))) return cached;
  return read(CURRENCY_REFRESH_MS);
}

/** The refusal of a deal whose currency the account does not have. */
export function currencyRefusal(
  reference: string,
  currency: string,
  accountCurrencies: ReadonlySet<string>,
): RejectedError {
  const have = [...accountCurrencies].sort();
  return new RejectedError(
    `deal ${reference} is in ${currency}, which is not one of the HubSpot account's currencies ` +
      `(${have.join(', ')}); add ${currency} under Settings → Account defaults → Currency in HubSpot, ` +
      'or route this location elsewhere',
    { currency, accountCurrencies: have },
  );
}
