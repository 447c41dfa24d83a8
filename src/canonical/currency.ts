import { z } from 'zod';
import { UnknownCurrencyError } from './canonical.errors';

/*
 * Active ISO 4217 codes grouped by minor-unit exponent (list amendments up to 2025). Fund and metal
 * codes without an exponent (XAU, XDR, XSU, XUA …) are left out on purpose: they never price a sale.
 * BGN, ANG and SLL stay listed while their replacements (EUR, XCG, SLE) phase in, because historical
 * sales in those currencies still arrive from POS back-fills.
 */
const CODES_BY_EXPONENT: Readonly<Record<number, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
    'GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL ' +
    'MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK ' +
    'PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB ' +
    'TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

function buildExponentTable(): Readonly<Record<string, number>> {
  // Null prototype so that names such as "constructor" or "toString" are never taken for currencies.
  const table: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [exponent, codes] of Object.entries(CODES_BY_EXPONENT)) {
    for (const code of codes.split(' ')) table[code] = Number(exponent);
  }
  return Object.freeze(table);
}

/**
 * Minor-unit exponent of every supported ISO 4217 currency: 1 USD = 10^2 minor units, 1 VND = 10^0,
 * 1 KWD = 10^3. Money amounts in the canonical model are integers in these minor units.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = buildExponentTable();

/** True when `code` is a supported ISO 4217 code (upper case, exact). */
export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/**
 * Minor-unit exponent of `code`.
 * @throws UnknownCurrencyError when the code is not supported (codes are case-sensitive: `usd` is unknown).
 */
export function currencyExponent(code: string): number {
  if (!isKnownCurrency(code)) throw new UnknownCurrencyError(String(code));
  return CURRENCY_EXPONENTS[code]!;
}

/** zod schema of a supported currency code; the issue for a bad code reads "unknown currency XYZ". */
export const CurrencyCodeSchema = z.string().check((ctx) => {
  if (!isKnownCurrency(ctx.value)) {
    ctx.issues.push({ code: 'custom', message: `unknown currency ${ctx.value}`, input: ctx.value });
  }
});

/** An ISO 4217 currency code accepted by {@link CurrencyCodeSchema}. */
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;
