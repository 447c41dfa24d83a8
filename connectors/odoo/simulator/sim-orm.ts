import { parseDomain, matches, mentionsField, parseOrder, sortRows, type DomainHost } from './sim-domain';
import { missingError, userError, validationError } from './sim-errors';
import { decimalPlacesOf, roundNumber } from './sim-money';
import {
  formatDatetime,
  type FieldDef,
  type ModelDef,
  type OdooContext,
  type Row,
  type Vals,
} from './sim-model.types';
import type { SimStore } from './sim-store';
import { convertScalar, isMissing } from './sim-values';
import { applyX2many } from './sim-x2many';
import { unlinkRows } from './sim-unlink';
import { describeFields } from './sim-fields-get';

/** `search` paging options. */
export interface SearchOptions {
  readonly offset?: unknown;
  readonly limit?: unknown;
  readonly order?: unknown;
}

/** How a create or write is made: through the API (rules apply) or by test seeding (`bypass`). */
export interface WriteMode {
  readonly ctx: OdooContext;
  /** Skips the models' access and state rules (prepareCreate/prepareWrite); constraints still hold. */
  readonly bypass?: boolean;
  /** With bypass: values given for create_date / write_date are kept. */
  readonly keepDates?: boolean;
}

const MAGIC: Readonly<Record<string, FieldDef>> = {
  id: { type: 'integer', string: 'ID', readonly: true },
  display_name: { type: 'char', string: 'Display Name', readonly: true },
  create_date: { type: 'datetime', string: 'Created on', readonly: true },
  write_date: { type: 'datetime', string: 'Last Updated on', readonly: true },
};

const isX2many = (def: FieldDef): boolean => def.type === 'one2many' || def.type === 'many2many';

/** The ORM core: CRUD, domains, x2many commands and computed fields over the store. */
export class SimOrm implements DomainHost {
  private readonly models = new Map<string, ModelDef>();

  constructor(
    readonly store: SimStore,
    readonly now: () => Date,
    readonly companyId: () => number,
  ) {}

  register(def: ModelDef): void {
    this.models.set(def.name, { ...def, fields: { ...MAGIC, ...def.fields } });
  }

  hasModel(name: string): boolean {
    return this.models.has(name);
  }

  model(name: string): ModelDef {
    const def = this.models.get(name);
    if (!def) throw userError(`Object ${name} doesn't exist`);
    return def;
  }

  modelNames(): string[] {
    return [...this.models.keys()];
  }

  field(model: string, name: string): FieldDef | undefined {
    return Object.hasOwn(this.model(model).fields, name) ? this.model(model).fields[name] : undefined;
  }

  row(model: string, id: number): Row | undefined {
    return this.store.get(model, id);
  }

  /** Existing rows for ids, in the given order; MissingError when any is gone. */
  browse(model: string, ids: number[]): Row[] {
    const missing = ids.filter((id) => !this.store.get(model, id));
    if (missing.length > 0) throw missingError(model, missing);
    return ids.map((id) => this.store.get(model, id)!);
  }

  value(model: string, row: Row, name: string): unknown {
    if (name === 'display_name') return this.displayName(model, row);
    const def = this.field(model, name);
    if (!def) return undefined;
    if (def.compute) return def.compute(this, row);
    if (def.type === 'one2many') {
      return this.store
        .rows(def.relation!)
        .filter((child) => child[def.inverse!] === row.id)
        .map((child) => child.id)
        .sort((a, b) => a - b);
    }
    if (def.type === 'many2many') return (row[name] as number[] | undefined) ?? [];
    return row[name] ?? false;
  }

  displayName(model: string, row: Row): string {
    const def = this.model(model);
    if (def.displayName) return def.displayName(this, row);
    const name = row[def.recName ?? 'name'];
    return typeof name === 'string' ? name : `${model},${row.id}`;
  }

  /** Decimal places of a res.currency row (from its `rounding`). */
  currencyDecimals(currencyId: unknown): number {
    const currency = typeof currencyId === 'number' ? this.row('res.currency', currencyId) : undefined;
    return currency ? decimalPlacesOf(currency.rounding as number) : 2;
  }

  companyCurrencyId(): number {
    return this.row('res.company', this.companyId())!.currency_id as number;
  }

  search(model: string, domain: unknown, options: SearchOptions, ctx: OdooContext): number[] {
    const def = this.model(model);
    const node = parseDomain(this, model, domain);
    const activeTest = def.fields.active && ctx.active_test !== false && !mentionsField(node, 'active');
    const found = this.store
      .rows(model)
      .filter((row) => (!activeTest || row.active === true) && matches(this, model, row, node));
    const sorted = sortRows(this, model, found, parseOrder(this, model, options.order));
    const offset = this.nonNegative('offset', options.offset) ?? 0;
    const limit = this.nonNegative('limit', options.limit);
    return sorted.slice(offset, limit === undefined ? undefined : offset + limit).map((r) => r.id);
  }

  read(model: string, ids: number[], fields?: unknown): Record<string, unknown>[] {
    const names = this.fieldNames(model, fields);
    return this.browse(model, ids).map((row) => {
      const out: Record<string, unknown> = { id: row.id };
      for (const name of names) out[name] = this.readValue(model, row, name);
      return out;
    });
  }

  create(model: string, input: unknown, mode: WriteMode): number {
    const def = this.model(model);
    let vals = this.asVals(input);
    if (!mode.bypass && def.prepareCreate) {
      const prepared = def.prepareCreate(this, vals, mode.ctx);
      if (typeof prepared === 'number') return prepared;
      vals = prepared;
    }
    this.checkNames(model, vals);
    for (const [name, field] of Object.entries(def.fields)) {
      if (!(name in vals) && field.default) vals = { ...vals, [name]: field.default(this, vals) };
    }
    const id = this.store.nextId(model);
    const stamp = formatDatetime(this.now());
    const row: Record<string, unknown> = { id, create_date: stamp, write_date: stamp };
    const relational: [string, FieldDef, unknown][] = [];
    for (const [name, value] of Object.entries(vals)) {
      const field = def.fields[name]!;
      if (MAGIC[name]) {
        if (mode.keepDates && (name === 'create_date' || name === 'write_date')) {
          row[name] = convertScalar(model, name, field, value);
        }
      } else if (field.compute) continue;
      else if (isX2many(field)) relational.push([name, field, value]);
      else row[name] = convertScalar(model, name, field, value);
    }
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.type === 'many2many' && !field.compute) row[name] = row[name] ?? [];
    }
    this.checkRow(model, row as Row);
    this.store.insert(model, this.roundMonetary(model, row as Row), !mode.bypass);
    for (const [name, field, value] of relational) applyX2many(this, model, id, name, field, value, mode);
    this.runCheck(model, id);
    return id;
  }

  write(model: string, ids: number[], input: unknown, mode: WriteMode): true {
    const def = this.model(model);
    let vals = this.asVals(input);
    const rows = this.browse(model, ids);
    if (!mode.bypass && def.prepareWrite) vals = def.prepareWrite(this, rows, vals, mode.ctx);
    this.checkNames(model, vals);
    const stamp = formatDatetime(this.now());
    for (const id of ids) {
      const row: Record<string, unknown> = { ...this.store.get(model, id)!, write_date: stamp };
      const relational: [string, FieldDef, unknown][] = [];
      for (const [name, value] of Object.entries(vals)) {
        const field = def.fields[name]!;
        if (MAGIC[name]) {
          if (mode.keepDates && (name === 'create_date' || name === 'write_date')) {
            row[name] = convertScalar(model, name, field, value);
          }
        } else if (field.compute) continue;
        else if (isX2many(field)) relational.push([name, field, value]);
        else row[name] = convertScalar(model, name, field, value);
      }
      this.checkRow(model, row as Row);
      this.store.replace(model, this.roundMonetary(model, row as Row));
      for (const [name, field, value] of relational) applyX2many(this, model, id, name, field, value, mode);
      this.runCheck(model, id);
    }
    return true;
  }

  unlink(model: string, ids: number[]): true {
    const def = this.model(model);
    const rows = this.browse(model, ids);
    def.beforeUnlink?.(this, rows);
    unlinkRows(this, model, ids);
    return true;
  }

  /** All fields but the models' heavy ones, as `read` without `fields` answers. */
  fieldNames(model: string, fields?: unknown): string[] {
    const all = Object.keys(this.model(model).fields).filter((n) => n !== 'id');
    if (fields === undefined || fields === null || fields === false) return all;
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) {
      throw validationError(`Invalid fields list: ${JSON.stringify(fields)}`);
    }
    if (fields.length === 0) return all;
    for (const name of fields as string[]) {
      if (!this.field(model, name)) throw validationError(`Invalid field '${name}' on model '${model}'`);
    }
    return (fields as string[]).filter((n) => n !== 'id');
  }

  fieldsGet(
    model: string,
    allfields?: unknown,
    attributes?: unknown,
  ): Record<string, Record<string, unknown>> {
    return describeFields(this.model(model), allfields, attributes);
  }

  private readValue(model: string, row: Row, name: string): unknown {
    const def = this.field(model, name)!;
    const value = this.value(model, row, name);
    if (def.type === 'many2one' && typeof value === 'number') {
      const related = this.row(def.relation!, value);
      return related ? [value, this.displayName(def.relation!, related)] : false;
    }
    return value === undefined || value === null ? false : value;
  }

  private asVals(input: unknown): Vals {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw validationError(`Expected a dictionary of values, got ${JSON.stringify(input)}`);
    }
    return { ...(input as Vals) };
  }

  private checkNames(model: string, vals: Vals): void {
    for (const name of Object.keys(vals)) {
      if (!this.field(model, name)) throw validationError(`Invalid field '${name}' on model '${model}'`);
    }
  }

  /** NOT NULL and foreign keys, as PostgreSQL enforces them under Odoo. */
  private checkRow(model: string, row: Row): void {
    const def = this.model(model);
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.compute || isX2many(field) || MAGIC[name]) continue;
      if (field.required && isMissing(row[name])) {
        throw validationError(
          'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
            `- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n` +
            `Model: ${def.description} (${model})\nField: ${field.string} (${name})`,
        );
      }
      if (
        field.type === 'many2one' &&
        typeof row[name] === 'number' &&
        !this.row(field.relation!, row[name])
      ) {
        throw validationError(
          `The operation cannot be completed: the record ${field.relation}(${row[name] as number}) ` +
            `referenced by ${model}.${name} does not exist.`,
        );
      }
    }
  }

  private roundMonetary(model: string, row: Row): Row {
    const out: Record<string, unknown> = { ...row };
    for (const [name, field] of Object.entries(this.model(model).fields)) {
      if (field.type !== 'monetary' || field.compute || typeof out[name] !== 'number') continue;
      const currency = this.value(model, row, field.currencyField ?? 'currency_id');
      out[name] = roundNumber(out[name] as number, this.currencyDecimals(currency));
    }
    return out as Row;
  }

  private runCheck(model: string, id: number): void {
    const row = this.store.get(model, id);
    if (row) this.model(model).check?.(this, row);
  }

  private nonNegative(name: string, value: unknown): number | undefined {
    if (value === undefined || value === null || value === false) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw validationError(`Invalid ${name}: ${JSON.stringify(value)}`);
    }
    return value;
  }
}
