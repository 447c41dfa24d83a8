import type { OdooSimulator } from './odoo-simulator';

/** Minimal callers of the simulator's transports, for its tests and demos. */

export interface RpcAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<RpcAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let nextId = 1;

/** POST /jsonrpc with `params = { service, method, args }`. */
export function jsonRpc(sim: Pick<OdooSimulator, 'url'>, service: string, method: string, args: unknown[]) {
  return post(
    `${sim.url}/jsonrpc`,
    {},
    { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: nextId++ },
  );
}

/** object.execute_kw with the simulator's credentials unless overridden. */
export function executeKw(
  sim: Pick<OdooSimulator, 'url' | 'db' | 'uid' | 'apiKey'>,
  model: string,
  method: string,
  args: unknown[] = [],
  kwargs: Record<string, unknown> = {},
  auth: { uid?: number; key?: string } = {},
) {
  return jsonRpc(sim, 'object', 'execute_kw', [
    sim.db,
    auth.uid ?? sim.uid,
    auth.key ?? sim.apiKey,
    model,
    method,
    args,
    kwargs,
  ]);
}

/** POST /json/2/<model>/<method> with a bearer key and the database header. */
export function json2(
  sim: Pick<OdooSimulator, 'url' | 'db' | 'apiKey'>,
  model: string,
  method: string,
  body: Record<string, unknown> = {},
  auth: { key?: string | null; db?: string } = {},
) {
  const headers: Record<string, string> = { 'x-odoo-database': auth.db ?? sim.db };
  const key = auth.key === undefined ? sim.apiKey : auth.key;
  if (key !== null) headers.authorization = `bearer ${key}`;
  return post(`${sim.url}/json/2/${model}/${method}`, headers, body);
}

/** The outcome of an ORM call, the same for both transports. */
export type OrmOutcome =
  { ok: true; result: unknown } | { ok: false; name: string; message: string; status: number };

/**
 * Calls an ORM method with named arguments through either transport: JSON-RPC sends `ids`
 * positionally and the rest as kwargs; JSON-2 sends them all in the body.
 */
export async function ormCall(
  sim: OdooSimulator,
  transport: 'jsonrpc' | 'json2',
  model: string,
  method: string,
  named: Record<string, unknown> = {},
): Promise<OrmOutcome> {
  if (transport === 'json2') {
    const res = await json2(sim, model, method, named);
    if (res.status === 200) return { ok: true, result: res.body };
    return { ok: false, name: String(res.body.name), message: String(res.body.message), status: res.status };
  }
  const { ids, ...kwargs } = named;
  const res = await executeKw(sim, model, method, ids === undefined ? [] : [ids], kwargs);
  if ('result' in res.body) return { ok: true, result: res.body.result };
  const data = (res.body.error as { data: { name: string; message: string } }).data;
  return { ok: false, name: data.name, message: data.message, status: res.status };
}
