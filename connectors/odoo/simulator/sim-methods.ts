import { OdooError, accessError, typeError, userError } from './sim-errors';
import type { OdooContext } from './sim-model.types';
import type { SimOrm } from './sim-orm';

/** A callable method with Python-like parameters. */
export interface MethodSpec {
  /** Named parameters after `ids`, in positional order. */
  readonly params: readonly string[];
  /** Parameters without a default. */
  readonly required?: readonly string[];
  /** `@api.model`: no ids. */
  readonly apiModel: boolean;
  run(
    orm: SimOrm,
    model: string,
    ids: number[],
    args: Readonly<Record<string, unknown>>,
    ctx: OdooContext,
  ): unknown;
}

const asCreateList = (vals: unknown): unknown[] => (Array.isArray(vals) ? vals : [vals]);

/** The ORM methods every model answers. */
const GENERIC: Readonly<Record<string, MethodSpec>> = {
  search: {
    params: ['domain', 'offset', 'limit', 'order'],
    apiModel: true,
    run: (orm, model, _ids, a, ctx) => orm.search(model, a.domain, a, ctx),
  },
  search_read: {
    params: ['domain', 'fields', 'offset', 'limit', 'order'],
    apiModel: true,
    run: (orm, model, _ids, a, ctx) => orm.read(model, orm.search(model, a.domain, a, ctx), a.fields),
  },
  search_count: {
    params: ['domain', 'limit'],
    apiModel: true,
    run: (orm, model, _ids, a, ctx) => orm.search(model, a.domain, { limit: a.limit }, ctx).length,
  },
  read: {
    params: ['fields', 'load'],
    apiModel: false,
    run: (orm, model, ids, a) => orm.read(model, ids, a.fields),
  },
  create: {
    params: ['vals_list'],
    required: ['vals_list'],
    apiModel: true,
    run: (orm, model, _ids, a, ctx) =>
      asCreateList(a.vals_list).map((vals) => orm.create(model, vals, { ctx })),
  },
  write: {
    params: ['vals'],
    required: ['vals'],
    apiModel: false,
    run: (orm, model, ids, a, ctx) => orm.write(model, ids, a.vals, { ctx }),
  },
  unlink: { params: [], apiModel: false, run: (orm, model, ids) => orm.unlink(model, ids) },
  fields_get: {
    params: ['allfields', 'attributes'],
    apiModel: true,
    run: (orm, model, _ids, a) => orm.fieldsGet(model, a.allfields, a.attributes),
  },
};

/**
 * Finds a public method of a model. Private names are an AccessError and unknown ones an
 * AttributeError, as Odoo's RPC dispatcher answers them.
 */
export function findMethod(orm: SimOrm, model: string, method: string): MethodSpec {
  if (!orm.hasModel(model)) throw userError(`Object ${model} doesn't exist`);
  if (method.startsWith('_')) {
    throw accessError(`Private methods (such as ${model}.${method}) cannot be called remotely.`);
  }
  const own = orm.model(model).methods?.[method];
  if (own) {
    return {
      params: own.params,
      apiModel: own.apiModel === true,
      run: (o, _m, ids, args, ctx) => own.run(o, ids, args, ctx),
    };
  }
  if (Object.hasOwn(GENERIC, method)) return GENERIC[method]!;
  throw new OdooError(
    'builtins.AttributeError',
    `The method '${method}' does not exist on the model '${model}'`,
    404,
  );
}

/** Record ids as Odoo accepts them: one id or a list of ids. */
export function toIds(value: unknown): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
    throw typeError(`Invalid ids: ${JSON.stringify(value)}`);
  }
  return list as number[];
}

/** Named arguments of a call, checked against the method's parameters like Python binds them. */
export function bindNamed(
  spec: MethodSpec,
  method: string,
  named: Record<string, unknown>,
): Record<string, unknown> {
  for (const name of Object.keys(named)) {
    if (!spec.params.includes(name))
      throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
  }
  for (const name of spec.required ?? []) {
    if (!(name in named)) throw typeError(`${method}() missing 1 required positional argument: '${name}'`);
  }
  return named;
}

/** Positional arguments followed by keyword arguments (JSON-RPC execute_kw). */
export function bindPositional(
  spec: MethodSpec,
  method: string,
  positional: readonly unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  if (positional.length > spec.params.length) {
    throw typeError(
      `${method}() takes ${spec.params.length + 1} positional arguments but ${positional.length + 1} were given`,
    );
  }
  const named: Record<string, unknown> = {};
  positional.forEach((value, i) => (named[spec.params[i]!] = value));
  for (const [name, value] of Object.entries(kwargs)) {
    if (name in named) throw typeError(`${method}() got multiple values for argument '${name}'`);
    named[name] = value;
  }
  return bindNamed(spec, method, named);
}

/** The `context` of a call, with the caller's uid. */
export function callContext(raw: unknown, uid: number): OdooContext {
  const ctx = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  return { ...(ctx as Record<string, unknown>), uid };
}
