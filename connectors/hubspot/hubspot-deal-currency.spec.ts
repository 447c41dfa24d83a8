import {
  CURRENCY_REFRESH_MS,
  accountCurrencies,
  currenciesOf,
  currencyRefusal,
} from './hubspot-deal-currency';
import { TransientError } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import type { AccountInfo } from './hubspot.schemas';

/** A client whose account details are `answers` in turn; records the maxAgeMs of each ask. */
function fakeClient(...answers: AccountInfo[]): { client: HubSpotClient; asked: number[] } {
  const asked: number[] = [];
  const client = {
    accountInfo(maxAgeMs = Number.POSITIVE_INFINITY): Promise<AccountInfo> {
      asked.push(maxAgeMs);
      // Only an ask with a finite age reads the account again.
      if (Number.isFinite(maxAgeMs) && answers.length > 1) answers.shift();
      return Promise.resolve(answers[0]!);
    },
  } as unknown as HubSpotClient;
  return { client, asked };
}

describe('hubspot deal currencies', () => {
  it('are the company currency, the additional ones and a configured accountCurrency', () => {
    const info = { companyCurrency: 'USD', additionalCurrencies: ['VND'] };
    expect([...currenciesOf(info, {})!].sort()).toEqual(['USD', 'VND']);
    expect([...currenciesOf(info, { accountCurrency: 'EUR' })!].sort()).toEqual(['EUR', 'USD', 'VND']);
  });

  it('are unknown (no check) when HubSpot does not say them all', () => {
    expect(currenciesOf({ companyCurrency: 'USD' }, {})).toBeUndefined();
    expect(currenciesOf({ additionalCurrencies: [] }, {})).toBeUndefined();
  });

  it('use the cached details while they cover every wanted currency', async () => {
    const { client, asked } = fakeClient({ companyCurrency: 'USD', additionalCurrencies: [] });
    expect([...(await accountCurrencies(client, {}, ['USD']))!]).toEqual(['USD']);
    expect(asked).toEqual([Number.POSITIVE_INFINITY]);
  });

  it('read the details again (bounded by CURRENCY_REFRESH_MS) for a currency they lack', async () => {
    const { client, asked } = fakeClient(
      { companyCurrency: 'USD', additionalCurrencies: [] },
      { companyCurrency: 'USD', additionalCurrencies: ['VND'] },
    );
    const found = await accountCurrencies(client, {}, ['USD', 'VND']);
    expect([...found!].sort()).toEqual(['USD', 'VND']);
    expect(asked).toEqual([Number.POSITIVE_INFINITY, CURRENCY_REFRESH_MS]);
  });

  it('are unknown (no check) when the details cannot be read', async () => {
    const client = {
      accountInfo: () => Promise.reject(new TransientError('HubSpot answered 502')),
    } as unknown as HubSpotClient;
    expect(await accountCurrencies(client, {}, ['VND'])).toBeUndefined();
  });

  it('refuse with the currency, the account currencies and what to do', () => {
    const error = currencyRefusal('poshub:s-1', 'VND', new Set(['USD', 'EUR']));
    expect(error.message).toBe(
      "deal poshub:s-1 is in VND, which is not one of the HubSpot account's currencies (EUR, USD); " +
        'add VND under Settings → Account defaults → Currency in HubSpot, or route this location elsewhere',
    );
    expect(error.details).toEqual({ currency: 'VND', accountCurrencies: ['EUR', 'USD'] });
  });
});
