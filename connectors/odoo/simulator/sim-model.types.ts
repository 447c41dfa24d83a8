import type { SimOrm } from './sim-orm';
import type { Row } from './sim-store';

export type { Row } from './sim-store';

export type FieldType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'many2many';

/** The context of a call (`kwargs.context` / JSON-2 `context`). */
export type OdooContext = Readonly<Record<string, unknown>>;

/** Raw values of a create or write, as the caller sent them. */
export type Vals = Record<string, unknown>;

/** One field of a simulated model; `fields_get` reports string, type, required, readonly, relation. */
export interface FieldDef {
  readonly type: FieldType;
  readonly string: string;
  readonly required?: boolean;
  readonly readonly?: boolean;
  /** Target model of relational fields. */
  readonly relation?: string;
  /** one2many: the many2one on `relation` that points back. */
  readonly inverse?: string;
  readonly selection?: readonly (readonly [string, string])[];
  /** Default applied on create when the caller did not send the field; sees the vals being created. */
  readonly default?: (orm: SimOrm, vals: Vals) => unknown;
  /** Non-stored computed field (readonly; writes to it are ignored, as Odoo does without an inverse). */
  readonly compute?: (orm: SimOrm, row: Row) => unknown;
  /** monetary: the many2one to res.currency whose rounding applies (default `currency_id`). */
  readonly currencyField?: string;
  /** many2one: what happens to this row when the target is deleted (default 'set null'). */
  readonly ondelete?: 'cascade' | 'restrict' | 'set null';
}

/** A model-specific public method such as `action_confirm`. */
export interface ModelMethod {
  /** Named parameters after `ids`, in positional order. */
  readonly params: readonly string[];
  /** `@api.model`: called without ids. */
  readonly apiModel?: boolean;
  run(orm: SimOrm, ids: number[], args: Readonly<Record<string, unknown>>, ctx: OdooContext): unknown;
}

/** A simulated Odoo model. */
export interface ModelDef {
  readonly name: string;
  /** `_description`, used in error messages. */
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  /** `_rec_name` (default `name`) for display_name. */
  readonly recName?: string;
  readonly displayName?: (orm: SimOrm, row: Row) => string;
  /**
   * Runs before a create through the API (not `insert`): access rules, state rules, rewrites.
   * Returning a number answers that existing id instead of creating (stock.quant in inventory mode).
   */
  readonly prepareCreate?: (orm: SimOrm, vals: Vals, ctx: OdooContext) => Vals | number;
  /** Runs before a write through the API: access and state rules; may rewrite the vals. */
  readonly prepareWrite?: (orm: SimOrm, rows: Row[], vals: Vals, ctx: OdooContext) => Vals;
  readonly beforeUnlink?: (orm: SimOrm, rows: Row[]) => void;
  /** Constraints checked after every create and write (API and `insert`). */
  readonly check?: (orm: SimOrm, row: Row) => void;
  readonly methods?: Readonly<Record<string, ModelMethod>>;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Odoo's datetime format: UTC, no offset. */
export function formatDatetime(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

export function formatDate(date: Date): string {
  return formatDatetime(date).slice(0, 10);
}

export const idList = (value: unknown): number[] => (Array.isArray(value) ? (value as number[]) : []);

type FieldOptions = Omit<FieldDef, 'type' | 'string' | 'relation' | 'inverse' | 'selection'>;

/** Terse field builders for the model files. */
export const fields = {
  char: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'char', string, ...o }),
  text: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'text', string, ...o }),
  integer: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'integer', string, ...o }),
  float: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'float', string, ...o }),
  monetary: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'monetary', string, ...o }),
  boolean: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'boolean', string, ...o }),
  date: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'date', string, ...o }),
  datetime: (string: string, o: FieldOptions = {}): FieldDef => ({ type: 'datetime', string, ...o }),
  selection: (
    string: string,
    selection: readonly (readonly [string, string])[],
    o: FieldOptions = {},
  ): FieldDef => ({
    type: 'selection',
    string,
    selection,
    ...o,
  }),
  many2one: (relation: string, string: string, o: FieldOptions = {}): FieldDef => ({
    type: 'many2one',
    string,
    relation,
    ...o,
  }),
  one2many: (relation: string, inverse: string, string: string, o: FieldOptions = {}): FieldDef => ({
    type: 'one2many',
    string,
    relation,
    inverse,
    ...o,
  }),
  many2many: (relation: string, string: string, o: FieldOptions = {}): FieldDef => ({
    type: 'many2many',
    string,
    relation,
    ...o,
  }),
};

/** A default that always answers `value`. */
export const always =
  (value: unknown): ((orm: SimOrm, vals: Vals) => unknown) =>
  () =>
    value;
