import Decimal from 'decimal.js';
import { validationError } from './sim-errors';
import type { PropertyStore } from './sim-properties.store';
import { isDecimal, timeValue } from './sim-values';
import type { ObjectTypeId, SimProperty } from './sim.types';

/** Filter and sort semantics of CRM search. */

export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Filter {
  readonly prop: SimProperty;
  readonly operator: Operator;
  readonly value?: string;
  readonly highValue?: string;
  readonly values?: string[];
}

export interface Sort {
  readonly prop: SimProperty;
  readonly descending: boolean;
}

// Limits in force since 2024-08-26 (HubSpot changelog): 5 groups, 10 filters per group, 25 in all.
const MAX_GROUPS = 5;
const MAX_PER_GROUP = 10;
const MAX_FILTERS = 25;

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export function parseFilterGroups(props: PropertyStore, type: ObjectTypeId, raw: unknown): Filter[][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('`filterGroups` must be an array.');
  if (raw.length > MAX_GROUPS)
    throw validationError(`At most ${MAX_GROUPS} filterGroups are allowed; got ${raw.length}.`);
  let total = 0;
  const groups = raw.map((g: unknown) => {
    const filters = (g as { filters?: unknown } | null)?.filters;
    if (!Array.isArray(filters)) throw validationError('Every filter group needs a `filters` array.');
    if (filters.length > MAX_PER_GROUP)
      throw validationError(`At most ${MAX_PER_GROUP} filters are allowed per group; got ${filters.length}.`);
    total += filters.length;
    return filters.map((f: unknown) => parseFilter(props, type, (f ?? {}) as Record<string, unknown>));
  });
  if (total > MAX_FILTERS)
    throw validationError(`At most ${MAX_FILTERS} filters are allowed in all; got ${total}.`);
  return groups;
}

function property(props: PropertyStore, type: ObjectTypeId, name: unknown): SimProperty {
  const prop = typeof name === 'string' ? props.find(type, name) : undefined;
  if (!prop) throw validationError(`Property "${String(name)}" does not exist on ${type}.`);
  return prop;
}

function parseFilter(props: PropertyStore, type: ObjectTypeId, f: Record<string, unknown>): Filter {
  const prop = property(props, type, f.propertyName);
  const operator = f.operator as Operator;
  if (!OPERATORS.includes(operator)) throw validationError(`Unknown filter operator ${String(f.operator)}.`);
  const checked = (v: unknown, field: string): string => {
    const s = text(v);
    if (s === undefined) throw validationError(`Filter on ${prop.name} with ${operator} needs \`${field}\`.`);
    if (prop.type === 'number' && !isDecimal(s))
      throw validationError(`"${s}" is not a number for ${prop.name}.`);
    if ((prop.type === 'date' || prop.type === 'datetime') && Number.isNaN(timeValue(s)))
      throw validationError(`"${s}" is not a date for ${prop.name}; use epoch ms or ISO 8601.`);
    return s;
  };
  switch (operator) {
    case 'HAS_PROPERTY':
    case 'NOT_HAS_PROPERTY':
      return { prop, operator };
    case 'BETWEEN':
      return {
        prop,
        operator,
        value: checked(f.value, 'value'),
        highValue: checked(f.highValue, 'highValue'),
      };
    case 'IN':
    case 'NOT_IN':
      if (!Array.isArray(f.values))
        throw validationError(`Filter on ${prop.name} with ${operator} needs \`values\`.`);
      return { prop, operator, values: f.values.map((v: unknown) => checked(v, 'values')) };
    default:
      return { prop, operator, value: checked(f.value, 'value') };
  }
}

/** Accepts `["prop"]`/`["-prop"]` (what the spec types) and `[{propertyName, direction}]` (what works). */
export function parseSorts(props: PropertyStore, type: ObjectTypeId, raw: unknown): Sort[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('`sorts` must be an array.');
  return raw.map((s: unknown) => {
    if (typeof s === 'string') {
      const descending = s.startsWith('-');
      return { prop: property(props, type, descending ? s.slice(1) : s), descending };
    }
    const o = (s ?? {}) as { propertyName?: unknown; direction?: unknown };
    if (o.direction !== undefined && o.direction !== 'ASCENDING' && o.direction !== 'DESCENDING')
      throw validationError(`Sort direction must be ASCENDING or DESCENDING, not ${String(o.direction)}.`);
    return { prop: property(props, type, o.propertyName), descending: o.direction === 'DESCENDING' };
  });
}

/** Orders two values of a property by its type (numbers and times numerically, text without case). */
export function compareValues(prop: SimProperty, a: string, b: string): number {
  switch (prop.type) {
    case 'number':
      return new Decimal(a).comparedTo(new Decimal(b));
    case 'date':
    case 'datetime':
      return Math.sign(timeValue(a) - timeValue(b));
    default: {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function containsToken(value: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  const tokens = [value.toLowerCase(), ...value.toLowerCase().split(/[^\p{L}\p{N}]+/u)];
  if (!p.includes('*')) return tokens.includes(p);
  const re = new RegExp(
    `^${p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return tokens.some((t) => re.test(t));
}

/** Whether a record's properties pass one filter. NEQ and NOT_* also match records without a value. */
export function passes(f: Filter, props: Readonly<Record<string, string>>): boolean {
  const v = props[f.prop.name];
  const eq = (x: string) => v !== undefined && compareValues(f.prop, v, x) === 0;
  const cmp = (x: string) => compareValues(f.prop, v!, x);
  switch (f.operator) {
    case 'EQ':
      return eq(f.value!);
    case 'NEQ':
      return !eq(f.value!);
    case 'LT':
      return v !== undefined && cmp(f.value!) < 0;
    case 'LTE':
      return v !== undefined && cmp(f.value!) <= 0;
    case 'GT':
      return v !== undefined && cmp(f.value!) > 0;
    case 'GTE':
      return v !== undefined && cmp(f.value!) >= 0;
    case 'BETWEEN':
      return v !== undefined && cmp(f.value!) >= 0 && cmp(f.highValue!) <= 0;
    case 'IN':
      return f.values!.some(eq);
    case 'NOT_IN':
      return !f.values!.some(eq);
    case 'HAS_PROPERTY':
      return v !== undefined;
    case 'NOT_HAS_PROPERTY':
      return v === undefined;
    case 'CONTAINS_TOKEN':
      return v !== undefined && containsToken(v, f.value!);
    case 'NOT_CONTAINS_TOKEN':
      return v === undefined || !containsToken(v, f.value!);
  }
}
