/**
 * Errors raised by the canonical model helpers. They signal bad data or a programming mistake, never a
 * transient condition: callers (the mapping engine, the pipeline) turn them into a quarantined record.
 */

/** A currency code that is not an active ISO 4217 code with a minor-unit exponent. */
export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`unknown currency ${currency}`);
    this.name = 'UnknownCurrencyError';
  }
}

/**
 * A monetary value that cannot be represented exactly: not a decimal number, too many decimals when
 * rounding is refused, or outside the safe integer range of minor units.
 */
export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

/** Two amounts in different currencies were combined. */
export class CurrencyMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`currency mismatch: expected ${expected}, got ${actual}`);
    this.name = 'CurrencyMismatchError';
  }
}

/** A quantity that is not a plain decimal string with at most 9 decimals. */
export class QuantityFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityFormatError';
  }
}
