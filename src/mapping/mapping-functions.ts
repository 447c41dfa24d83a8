import { fromMinorUnits, toMinorUnits } from '../canonical';

/** Lookup tables from poshub.yaml: table -> key -> value. */
export type LookupTables = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A mapping-time failure caused by the data or the lookups, reported as a record error. */
export class MappingFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingFunctionError';
  }
}

type Amount = string | number;

function checkAmount(fn: string, value: unknown): asserts value is Amount {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new MappingFunctionError(`${fn}: expected a decimal string or number, got ${describe(value)}`);
  }
}

function checkCurrency(fn: string, currency: unknown): asserts currency is string {
  if (typeof currency !== 'string') {
    throw new MappingFunctionError(`${fn}: expected a currency code, got ${describe(currency)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function rethrow(fn: string, err: unknown): never {
  throw new MappingFunctionError(`${fn}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * `$minor(value, currency)`: integer minor units, rounded half away from zero to the currency's
 * exponent. A missing value yields nothing (like JSONata's own functions), so optional fields stay absent.
 */
export function minorFn(value: unknown, currency: unknown): number | undefined {
  if (value === undefined) return undefined;
  checkAmount('$minor', value);
  checkCurrency('$minor', currency);
  try {
    return toMinorUnits(value, currency, 'half-away');
  } catch (err) {
    rethrow('$minor', err);
  }
}

/** `$money(value, currency)`: `{ amount, currency }` with amount in minor units (see {@link minorFn}). */
export function moneyFn(value: unknown, currency: unknown): { amount: number; currency: string } | undefined {
  if (value === undefined) return undefined;
  checkAmount('$money', value);
  checkCurrency('$money', currency);
  try {
    return { amount: toMinorUnits(value, currency, 'half-away'), currency };
  } catch (err) {
    rethrow('$money', err);
  }
}

/** `$decimal(minorAmount, currency)`: the decimal string of an integer minor-unit amount. */
export function decimalFn(minorAmount: unknown, currency: unknown): string | undefined {
  if (minorAmount === undefined) return undefined;
  const amount =
    typeof minorAmount === 'string' && /^-?\d+$/.test(minorAmount) ? Number(minorAmount) : minorAmount;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new MappingFunctionError(
      `$decimal: expected an integer minor-unit amount, got ${describe(minorAmount)}`,
    );
  }
  checkCurrency('$decimal', currency);
  try {
    return fromMinorUnits(amount, currency);
  } catch (err) {
    rethrow('$decimal', err);
  }
}

/**
 * Builds `$lookup(table, key[, default])` over the given tables. A missing table or key without a
 * default is an error so a new store or payment method is noticed, not silently mapped to nothing.
 */
export function createLookupFn(lookups: LookupTables) {
  return function lookup(this: unknown, ...args: unknown[]): unknown {
    const [table, key] = args;
    const hasDefault = args.length >= 3;
    if (typeof table !== 'string') {
      throw new MappingFunctionError(`$lookup: expected a table name, got ${describe(table)}`);
    }
    const rows = Object.prototype.hasOwnProperty.call(lookups, table) ? lookups[table] : undefined;
    const keyText = typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
    if (rows && keyText !== undefined && Object.prototype.hasOwnProperty.call(rows, keyText))
      return rows[keyText];
    if (hasDefault) return args[2];
    if (!rows)
      throw new MappingFunctionError(`$lookup: lookup table "${table}" is not defined in poshub.yaml`);
    if (keyText === undefined)
      throw new MappingFunctionError(`$lookup: key for table "${table}" is ${describe(key)}`);
    throw new MappingFunctionError(`$lookup: key "${keyText}" not found in lookup table "${table}"`);
  };
}

/**
 * Builds `$lookupKey(table, value[, default])`, the inverse of `$lookup`: the key of `table` whose
 * value is `value` (compared as text), for source mappings that read back what a sink mapping
 * translated (Odoo stock location id -> POS location). When several keys share the value the first
 * listed wins. A missing table or value without a default is an error, as for `$lookup`.
 */
export function createLookupKeyFn(lookups: LookupTables) {
  return function lookupKey(this: unknown, ...args: unknown[]): unknown {
    const [table, value] = args;
    if (typeof table !== 'string') {
      throw new MappingFunctionError(`$lookupKey: expected a table name, got ${describe(table)}`);
    }
    const rows = Object.prototype.hasOwnProperty.call(lookups, table) ? lookups[table] : undefined;
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    const hit = rows && text !== undefined ? Object.keys(rows).find((key) => rows[key] === text) : undefined;
    if (hit !== undefined) return hit;
    if (args.length >= 3) return args[2];
    if (!rows)
      throw new MappingFunctionError(`$lookupKey: lookup table "${table}" is not defined in poshub.yaml`);
    throw new MappingFunctionError(
      `$lookupKey: no key of lookup table "${table}" has the value ${describe(value)}`,
    );
  };
}

/** All functions bound into mapping expressions, keyed by their JSONata name (without `$`). */
export function mappingFunctions(lookups: LookupTables): Record<string, (...args: never[]) => unknown> {
  return {
    money: moneyFn,
    minor: minorFn,
    decimal: decimalFn,
    lookup: createLookupFn(lookups),
    lookupKey: createLookupKeyFn(lookups),
  };
}
