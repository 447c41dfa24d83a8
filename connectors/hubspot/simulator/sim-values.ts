import Decimal from 'decimal.js';
import type { ErrorDetail } from './sim-errors';
import type { SimProperty } from './sim.types';

/**
 * Turns a written property value into the string HubSpot stores (or null to clear it), or an error
 * entry. HubSpot keeps every value as a string; numbers stay decimal strings, never floats.
 */
export type Normalized = { ok: string | null } | { error: ErrorDetail };

const DAY_MS = 86_400_000;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail(prop: SimProperty, message: string, code: string): Normalized {
  return { error: { message, code, context: { propertyName: [prop.name] } } };
}

function asText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return String(raw);
  return undefined;
}

export function normalizeValue(prop: SimProperty, raw: unknown): Normalized {
  // An empty string (or null) clears a property.
  if (raw === null || raw === '') return { ok: null };
  const text = asText(raw);
  if (text === undefined) return fail(prop, `Property "${prop.name}" needs a string value.`, 'INVALID_TYPE');
  switch (prop.type) {
    case 'number':
      if (!DECIMAL.test(text.trim())) return fail(prop, `"${text}" is not a valid number.`, 'INVALID_NUMBER');
      return { ok: text.trim() };
    case 'bool':
      if (text !== 'true' && text !== 'false')
        return fail(prop, `"${text}" is not a valid boolean; use true or false.`, 'INVALID_BOOLEAN');
      return { ok: text };
    case 'date':
      return normalizeDate(prop, text);
    case 'datetime':
      return normalizeDateTime(prop, text);
    case 'enumeration':
      return normalizeOption(prop, text);
    case 'string':
      if (prop.name === 'email') {
        const email = text.trim().toLowerCase();
        // HubSpot stores contact emails lower-cased and refuses malformed ones.
        if (!EMAIL.test(email)) return fail(prop, `Email address ${text} is invalid`, 'INVALID_EMAIL');
        return { ok: email };
      }
      return { ok: text };
  }
}

/** Date-only properties must be midnight UTC: `YYYY-MM-DD`, or epoch ms / ISO at 00:00:00Z. */
function normalizeDate(prop: SimProperty, text: string): Normalized {
  let ms: number;
  if (ISO_DATE.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (/^\d+$/.test(text)) ms = Number(text);
  else if (ISO_DATETIME.test(text)) ms = Date.parse(text);
  else ms = Number.NaN;
  if (Number.isNaN(ms)) return fail(prop, `"${text}" is not a valid date.`, 'INVALID_DATE');
  if (ms % DAY_MS !== 0)
    return fail(prop, `"${text}" is not midnight UTC; date properties only take whole days.`, 'INVALID_DATE');
  return { ok: new Date(ms).toISOString().slice(0, 10) };
}

/** Datetime properties take ISO 8601 or epoch ms; HubSpot answers with ISO 8601 in UTC. */
function normalizeDateTime(prop: SimProperty, text: string): Normalized {
  let ms = Number.NaN;
  if (/^\d+$/.test(text)) ms = Number(text);
  else if (ISO_DATETIME.test(text) || ISO_DATE.test(text)) ms = Date.parse(text);
  if (Number.isNaN(ms)) return fail(prop, `"${text}" is not a valid datetime.`, 'INVALID_DATETIME');
  return { ok: new Date(ms).toISOString() };
}

function normalizeOption(prop: SimProperty, text: string): Normalized {
  const allowed = prop.options.map((o) => o.value);
  // Multi-select (checkbox) values are `;`-separated.
  const values = prop.fieldType === 'checkbox' ? text.split(';') : [text];
  const bad = values.find((v) => !allowed.includes(v));
  if (bad !== undefined)
    return fail(prop, `${bad} was not one of the allowed options: [${allowed.join(', ')}]`, 'INVALID_OPTION');
  return { ok: text };
}

/** Epoch ms of a stored or filter value of a date/datetime property (ISO or epoch ms). */
export function timeValue(text: string): number {
  if (/^-?\d+$/.test(text)) return Number(text);
  return Date.parse(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
}

/** True when `text` is a decimal number. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}

/**
 * Line item net price = quantity × (unit price − unit discount), in exact decimal arithmetic
 * (3 × 19.99 = "59.97"). Null when quantity or price is unset. HubSpot's exact formula with
 * percentage discounts is not documented; poshub only writes unit discounts.
 */
export function lineItemAmount(props: Record<string, string>): string | null {
  const { quantity, price, discount } = props;
  if (quantity === undefined || price === undefined) return null;
  const unit = new Decimal(price).minus(new Decimal(discount ?? '0'));
  return unit.times(new Decimal(quantity)).toFixed();
}
