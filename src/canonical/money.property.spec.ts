import fc from 'fast-check';
import { MoneyFormatError } from './canonical.errors';
import { fromMinorUnits, minorToNumber, money, sumMoney, toMinorUnits } from './money';

const CURRENCIES = [
  ['VND', 0],
  ['JPY', 0],
  ['USD', 2],
  ['KWD', 3],
] as const;
const MAX = Number.MAX_SAFE_INTEGER;

/** Safe integers with extra weight on the edges, where exactness usually breaks. */
const safeAmount = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: 0, max: 1000 }).map((d) => MAX - d),
  fc.integer({ min: 0, max: 1000 }).map((d) => -MAX + d),
);

/** Decimal text built independently of the code under test: sign, whole part, `exponent` decimals. */
function decimalText(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(exponent);
  const whole = (abs / scale).toString();
  const fraction = exponent === 0 ? '' : `.${(abs % scale).toString().padStart(exponent, '0')}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

describe.each(CURRENCIES)('money round trips in %s (exponent %i)', (currency, exponent) => {
  it('decimal string -> minor -> decimal string is the identity', () => {
    fc.assert(
      fc.property(safeAmount, (minor) => {
        const text = decimalText(BigInt(minor), exponent);
        expect(toMinorUnits(text, currency)).toBe(minor);
        expect(toMinorUnits(text, currency, 'reject')).toBe(minor);
        expect(fromMinorUnits(minor, currency)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('minor -> minorToNumber -> toMinorUnits is the identity below 10^15 minor units', () => {
    const below = fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 });
    fc.assert(
      fc.property(fc.oneof(below, fc.integer({ min: -10_000, max: 10_000 })), (minor) => {
        expect(toMinorUnits(minorToNumber(minor, currency), currency)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('minorToNumber either round-trips exactly or refuses, for every safe amount', () => {
    fc.assert(
      fc.property(safeAmount, (minor) => {
        let value: number;
        try {
          value = minorToNumber(minor, currency);
        } catch (err) {
          expect(err).toBeInstanceOf(MoneyFormatError);
          // Only currencies with decimals can lose precision: whole units are exact doubles.
          expect(exponent).toBeGreaterThan(0);
          expect(Math.abs(minor)).toBeGreaterThanOrEqual(10 ** 15);
          return;
        }
        expect(toMinorUnits(value, currency)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the largest and smallest safe amounts exactly and refuses one more', () => {
    const top = decimalText(BigInt(MAX), exponent);
    expect(toMinorUnits(top, currency)).toBe(MAX);
    expect(toMinorUnits(`-${top}`, currency)).toBe(-MAX);
    expect(fromMinorUnits(-MAX, currency)).toBe(`-${top}`);
    const beyond = decimalText(BigInt(MAX) + 1n, exponent);
    expect(() => toMinorUnits(beyond, currency)).toThrow(MoneyFormatError);
    expect(() => toMinorUnits(`-${beyond}`, currency)).toThrow(MoneyFormatError);
  });

  it('sums many random amounts without drift (same result as BigInt)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), { maxLength: 300 }),
        (amounts) => {
          const expected = amounts.reduce((acc, a) => acc + BigInt(a), 0n);
          const total = sumMoney(
            amounts.map((a) => money(a, currency)),
            currency,
          );
          expect(BigInt(total.amount)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sums decimal strings parsed at the edge exactly', () => {
    const decimal = fc
      .integer({ min: -(10 ** 9), max: 10 ** 9 })
      .map((m) => decimalText(BigInt(m), exponent));
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 200 }), (texts) => {
        const expected = texts.reduce((acc, t) => acc + BigInt(t.replace('.', '')), 0n);
        const total = sumMoney(
          texts.map((t) => money(toMinorUnits(t, currency), currency)),
          currency,
        );
        expect(fromMinorUnits(total.amount, currency)).toBe(decimalText(expected, exponent));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a sum that leaves the safe integer range instead of rounding it', () => {
    fc.assert(
      fc.property(fc.array(safeAmount, { minLength: 2, maxLength: 20 }), (amounts) => {
        const expected = amounts.reduce((acc, a) => acc + BigInt(a), 0n);
        const list = amounts.map((a) => money(a, currency));
        if (expected > BigInt(MAX) || expected < BigInt(-MAX)) {
          expect(() => sumMoney(list, currency)).toThrow(MoneyFormatError);
        } else {
          expect(BigInt(sumMoney(list, currency).amount)).toBe(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('float arithmetic is not what sumMoney does', () => {
  it('adds ten times 0.10 USD to exactly 1.00', () => {
    const dime = money(toMinorUnits('0.10', 'USD'), 'USD');
    expect(fromMinorUnits(sumMoney(Array(10).fill(dime), 'USD').amount, 'USD')).toBe('1.00');
  });

  it('reads 0.1 + 0.2 (a float artefact) as 0.30 USD', () => {
    expect(toMinorUnits(0.1 + 0.2, 'USD')).toBe(30);
  });
});
