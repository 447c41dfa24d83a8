import { OdooError, accessDenied, typeError } from './sim-errors';
import { runCall, versionInfo, type SimEngine } from './sim-engine';
import { bindPositional, callContext, findMethod, toIds } from './sim-methods';

/*
 * POST /jsonrpc: `{"jsonrpc":"2.0","method":"call","params":{"service","method","args"},"id"}`.
 * Odoo answers every error with HTTP 200 and `error.data.name` naming the Python exception.
 * Shapes: odoo/addons/base/controllers/rpc.py, odoo/service/common.py and model.py.
 */

const asObject = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function commonCall(engine: SimEngine, method: string, args: unknown[]): unknown {
  if (method === 'version') {
    return {
      server_version: engine.version,
      server_version_info: versionInfo(engine.version),
      server_serie: engine.version,
      protocol_version: 1,
    };
  }
  if (method !== 'login' && method !== 'authenticate')
    throw new OdooError('builtins.KeyError', `'exp_${method}'`);
  const [db, login, key] = args;
  let ok = false;
  try {
    if (db !== engine.db) {
      throw new OdooError('psycopg2.OperationalError', `FATAL:  database "${String(db)}" does not exist`);
    }
    ok = login === engine.login && key === engine.apiKey;
    return ok ? engine.uid : false;
  } finally {
    engine.log({ transport: 'jsonrpc', model: '', method, ok });
  }
}

function objectCall(engine: SimEngine, method: string, args: unknown[]): unknown {
  if (method !== 'execute_kw' && method !== 'execute') {
    throw new OdooError(
      'builtins.AttributeError',
      `module 'odoo.service.model' has no attribute '${method}'`,
    );
  }
  const [db, uid, key, model, name] = args;
  if (db !== engine.db)
    throw new OdooError('psycopg2.OperationalError', `FATAL:  database "${String(db)}" does not exist`);
  if (uid !== engine.uid || key !== engine.apiKey) throw accessDenied();
  if (typeof model !== 'string' || typeof name !== 'string')
    throw typeError('execute_kw() needs a model and a method');
  const positional = method === 'execute_kw' ? (args[5] ?? []) : args.slice(5);
  const kwargs = method === 'execute_kw' ? asObject(args[6]) : {};
  if (!Array.isArray(positional)) throw typeError('execute_kw() args must be a list');
  return runCall(engine, 'jsonrpc', model, name, () => {
    const spec = findMethod(engine.orm, model, name);
    const { context, ...rest } = kwargs;
    const ctx = callContext(context, engine.uid);
    let ids: number[] = [];
    let values = positional as unknown[];
    if (!spec.apiModel) {
      if (values.length === 0) throw typeError(`${name}() missing 1 required positional argument: 'ids'`);
      ids = toIds(values[0]);
      values = values.slice(1);
    }
    const bound = bindPositional(spec, name, values, rest);
    const result = spec.run(engine.orm, model, ids, bound, ctx);
    // create(dict) answers one id; create([dicts]) a list, like @api.model_create_multi.
    if (name === 'create' && !Array.isArray(bound.vals_list)) return (result as number[])[0];
    return result;
  });
}

/** Answers one JSON-RPC request body (always HTTP 200). */
export function handleJsonRpc(engine: SimEngine, body: unknown): { status: number; body: unknown } {
  const request = asObject(body);
  const id = request.id ?? null;
  try {
    const params = asObject(request.params);
    const args = Array.isArray(params.args) ? (params.args as unknown[]) : [];
    const method = String(params.method ?? '');
    let result: unknown;
    if (params.service === 'common') result = commonCall(engine, method, args);
    else if (params.service === 'object') result = objectCall(engine, method, args);
    else throw new OdooError('builtins.KeyError', `'${String(params.service)}'`);
    return { status: 200, body: { jsonrpc: '2.0', id, result: result === undefined ? null : result } };
  } catch (err) {
    const error = err instanceof OdooError ? err : new OdooError('builtins.Exception', String(err), 500);
    return {
      status: 200,
      body: { jsonrpc: '2.0', id, error: { code: 200, message: 'Odoo Server Error', data: error.toData() } },
    };
  }
}
