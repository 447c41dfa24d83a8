import { z } from 'zod';
import { AuthError, TransientError, bodyExcerpt, type HttpClient } from '../../src/sdk';
import type { OdooConfig, OdooTransportName } from './odoo.config';
import { odooError } from './odoo.errors';

/** One ORM call in transport-neutral form (JSON-2's named arguments). */
export interface OdooCall {
  /** Records the method runs on; left out for `@api.model` methods (search_read, create…). */
  readonly ids?: readonly number[];
  /** Named arguments: `domain`, `fields`, `vals`, `vals_list`, `limit`… */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Odoo context, e.g. `{ inventory_mode: true }`. */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** How the client reaches the ORM. Both implementations are stateless apart from the JSON-RPC uid. */
export interface OdooTransport {
  readonly name: OdooTransportName;
  /** Checks the credentials and returns the API user's id. Throws AuthError when they are refused. */
  authenticate(): Promise<number>;
  /** Runs `model.method` and returns Odoo's result (recordsets come back as lists of ids). */
  execute(model: string, method: string, call: OdooCall): Promise<unknown>;
}

/**
 * Positional arguments per method for `execute_kw`, in the order Odoo's documentation passes them
 * (after the ids). Everything else goes in kwargs, which Odoo binds by name.
 */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  search_read: ['domain'],
  search: ['domain'],
  search_count: ['domain'],
  create: ['vals_list'],
  write: ['vals'],
};

const JsonRpcEnvelopeSchema = z.object({
  result: z.unknown().optional(),
  error: z
    .object({
      code: z.number().optional(),
      message: z.string().optional(),
      data: z.object({ name: z.string().optional(), message: z.string().optional() }).loose().optional(),
    })
    .loose()
    .optional(),
});

/** Splits a neutral call into `execute_kw`'s positional args and kwargs. */
export function toExecuteKw(
  method: string,
  call: OdooCall,
): { args: unknown[]; kwargs: Record<string, unknown> } {
  const args: unknown[] = call.ids !== undefined ? [[...call.ids]] : [];
  const kwargs: Record<string, unknown> = { ...(call.params ?? {}) };
  for (const name of POSITIONAL[method] ?? []) {
    if (!(name in kwargs)) break;
    args.push(kwargs[name]);
    delete kwargs[name];
  }
  if (call.context) kwargs.context = { ...call.context };
  return { args, kwargs };
}

/**
 * JSON-RPC (Odoo ≤ 18, deprecated in 19): `POST /jsonrpc` with `common.login` once, then
 * `object.execute_kw(db, uid, key, model, method, args, kwargs)`. Credentials travel in every call;
 * errors come back with HTTP 200 and `error.data.name` naming the Python exception.
 */
export class JsonRpcTransport implements OdooTransport {
  readonly name = 'jsonrpc' as const;
  private uid: Promise<number> | undefined;
  private nextId = 1;

  constructor(
    private readonly http: HttpClient,
    private readonly config: Pick<OdooConfig, 'database' | 'login' | 'apiKey'>,
  ) {}

  /** Calls one JSON-RPC service method and unwraps `result` or throws the mapped error. */
  async rpc(service: string, method: string, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const response = await this.http.request({
      method: 'POST',
      path: '/jsonrpc',
      headers: { 'Content-Type': 'application/json' },
      body: { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id },
    });
    const parsed = JsonRpcEnvelopeSchema.safeParse(response.data);
    if (!parsed.success) {
      throw new TransientError(
        `Odoo answered /jsonrpc ${service}.${method} with a body that is not JSON-RPC`,
        {
          body: bodyExcerpt(response.data),
        },
      );
    }
    const { error } = parsed.data;
    if (error) {
      throw odooError({
        name: error.data?.name,
        message: error.data?.message || error.message || 'Odoo Server Error',
      });
    }
    return parsed.data.result;
  }

  authenticate(): Promise<number> {
    this.uid ??= this.login().catch((err: unknown) => {
      this.uid = undefined;
      throw err;
    });
    return this.uid;
  }

  private async login(): Promise<number> {
    const { database, login, apiKey } = this.config;
    const uid = await this.rpc('common', 'login', [database, login, apiKey]);
    if (typeof uid !== 'number' || uid <= 0) {
      throw new AuthError(`Odoo refused the login "${login}" with this API key on database "${database}"`);
    }
    return uid;
  }

  async execute(model: string, method: string, call: OdooCall): Promise<unknown> {
    const uid = await this.authenticate();
    const { args, kwargs } = toExecuteKw(method, call);
    const { database, apiKey } = this.config;
    return this.rpc('object', 'execute_kw', [database, uid, apiKey, model, method, args, kwargs]);
  }
}

/**
 * JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>` with `Authorization: bearer <key>` and named
 * arguments only. Each call is its own database transaction. HTTP errors are classified by the
 * client the transport was given (see `classifyOdooResponse`).
 */
export class Json2Transport implements OdooTransport {
  readonly name = 'json2' as const;

  constructor(private readonly http: HttpClient) {}

  async authenticate(): Promise<number> {
    const context = await this.execute('res.users', 'context_get', {});
    const uid = z.object({ uid: z.number().int() }).loose().safeParse(context);
    if (!uid.success) throw new TransientError('Odoo res.users/context_get answered without a uid');
    return uid.data.uid;
  }

  async execute(model: string, method: string, call: OdooCall): Promise<unknown> {
    const body: Record<string, unknown> = { ...(call.params ?? {}) };
    if (call.ids !== undefined) body.ids = [...call.ids];
    if (call.context) body.context = { ...call.context };
    const path = `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
    const response = await this.http.request({ method: 'POST', path, body });
    return response.data ?? null;
  }
}

const WebVersionSchema = z
  .object({ version_info: z.array(z.unknown()).min(1), version: z.string().optional() })
  .loose();

const CommonVersionSchema = z.object({ server_version_info: z.array(z.unknown()).min(1) }).loose();

/** The server's major version, e.g. 17 for "17.0" and 19 for "saas~19.1" style infos. */
function majorOf(info: readonly unknown[]): number | undefined {
  const first = info[0];
  const major = typeof first === 'number' ? first : Number(String(first).replace(/^saas~/, ''));
  return Number.isFinite(major) && major > 0 ? Math.floor(major) : undefined;
}

/**
 * The Odoo major version: `GET /web/version` (`{"version_info":[19,0,…]}`), or, when a server or a
 * proxy does not serve that route, JSON-RPC `common.version()`. Both are public (no credentials).
 */
export async function detectOdooVersion(http: HttpClient, jsonrpc: JsonRpcTransport): Promise<number> {
  let info: readonly unknown[] | undefined;
  try {
    const response = await http.request({ method: 'GET', path: '/web/version' });
    const parsed = WebVersionSchema.safeParse(response.data);
    if (parsed.success) info = parsed.data.version_info;
  } catch (err) {
    if (err instanceof AuthError || err instanceof TransientError) throw err;
  }
  if (!info) {
    const parsed = CommonVersionSchema.safeParse(await jsonrpc.rpc('common', 'version', []));
    if (parsed.success) info = parsed.data.server_version_info;
  }
  const major = info ? majorOf(info) : undefined;
  if (major === undefined) throw new TransientError('Odoo did not say which version it runs');
  return major;
}

/** JSON-2 exists from Odoo 19 on; JSON-RPC is deprecated there but still served. */
export function transportForVersion(major: number): OdooTransportName {
  return major >= 19 ? 'json2' : 'jsonrpc';
}
