import { z } from 'zod';
import { TransientError, bodyExcerpt, type ConnectorContext, type HttpClient } from '../../src/sdk';
import { odooBaseUrl, type OdooConfig, type OdooTransportName } from './odoo.config';
import { classifyOdooResponse } from './odoo.errors';
import {
  Json2Transport,
  JsonRpcTransport,
  detectOdooVersion,
  transportForVersion,
  type OdooCall,
  type OdooTransport,
} from './odoo.transport';

/** An Odoo search domain: `[["field", "op", value], "|", …]`. */
export type OdooDomain = readonly unknown[];

/** A row as `search_read` / `read` return it (many2one fields read as `[id, "name"]` or false). */
export type OdooRow = Record<string, unknown>;

/** Options of `search_read`. */
export interface SearchReadOptions {
  readonly fields?: readonly string[];
  readonly offset?: number;
  readonly limit?: number;
  readonly order?: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

const RowsSchema = z.array(z.record(z.string(), z.unknown()));
const IdsSchema = z.union([z.number().int(), z.array(z.number().int())]);

/** The id of a many2one value (`[7, "Name"]`, or a bare id from JSON-2 `load: null`), else undefined. */
export function many2oneId(value: unknown): number | undefined {
  if (Array.isArray(value) && typeof value[0] === 'number') return value[0];
  return typeof value === 'number' ? value : undefined;
}

/**
 * The Odoo ORM over either transport. The transport is the configured one, or chosen on first use
 * from `GET /web/version` (JSON-2 from Odoo 19). Results are parsed at the edge; a body of another
 * shape is a TransientError (a proxy page, a truncated answer).
 */
export class OdooClient {
  private readonly plain: HttpClient;
  private readonly bearer: HttpClient;
  private readonly jsonrpc: JsonRpcTransport;
  private transportPromise: Promise<OdooTransport> | undefined;
  private versionPromise: Promise<number> | undefined;
  private readonly fieldSets = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(context: Pick<ConnectorContext<OdooConfig>, 'config' | 'http'>) {
    const { config } = context;
    const common = {
      baseUrl: odooBaseUrl(config),
      timeoutMs: config.timeoutMs,
      classifyError: classifyOdooResponse,
    };
    this.plain = context.http(common);
    this.bearer = context.http({
      ...common,
      headers: {
        Authorization: `bearer ${config.apiKey}`,
        'X-Odoo-Database': config.database,
        'Content-Type': 'application/json',
      },
    });
    this.jsonrpc = new JsonRpcTransport(this.plain, config);
    if (config.transport) this.transportPromise = Promise.resolve(this.build(config.transport));
  }

  private build(name: OdooTransportName): OdooTransport {
    return name === 'json2' ? new Json2Transport(this.bearer) : this.jsonrpc;
  }

  /** The server's major version (asked once per instance). */
  version(): Promise<number> {
    this.versionPromise ??= detectOdooVersion(this.plain, this.jsonrpc).catch((err: unknown) => {
      this.versionPromise = undefined;
      throw err;
    });
    return this.versionPromise;
  }

  /** The transport in use, detected on first call when the config does not name one. */
  transport(): Promise<OdooTransport> {
    this.transportPromise ??= this.version()
      .then((major) => this.build(transportForVersion(major)))
      .catch((err: unknown) => {
        this.transportPromise = undefined;
        throw err;
      });
    return this.transportPromise;
  }

  /** Verifies the credentials; returns the API user's id. */
  async authenticate(): Promise<number> {
    return (await this.transport()).authenticate();
  }

  /** Runs any ORM method: `execute('sale.order', 'action_confirm', { ids: [7] })`. */
  async execute(model: string, method: string, call: OdooCall = {}): Promise<unknown> {
    return (await this.transport()).execute(model, method, call);
  }

  /** The field names of `model` (`fields_get`, asked once per model and instance). */
  fieldNames(model: string): Promise<ReadonlySet<string>> {
    let fields = this.fieldSets.get(model);
    if (!fields) {
      fields = this.execute(model, 'fields_get', { params: { attributes: ['type'] } }).then(
        (r) => new Set(typeof r === 'object' && r !== null ? Object.keys(r) : []),
      );
      this.fieldSets.set(model, fields);
      fields.catch(() => this.fieldSets.delete(model));
    }
    return fields;
  }

  async searchRead(model: string, domain: OdooDomain, options: SearchReadOptions = {}): Promise<OdooRow[]> {
    const { context, ...rest } = options;
    const params = Object.fromEntries(Object.entries({ domain, ...rest }).filter(([, v]) => v !== undefined));
    const result = await this.execute(model, 'search_read', { params, context });
    return parse(RowsSchema, result, `${model}.search_read`);
  }

  /** The first row matching `domain` (ordered by id), or undefined. */
  async findOne(model: string, domain: OdooDomain, fields: readonly string[]): Promise<OdooRow | undefined> {
    return (await this.searchRead(model, domain, { fields, limit: 1, order: 'id asc' }))[0];
  }

  async read(model: string, ids: readonly number[], fields: readonly string[]): Promise<OdooRow[]> {
    if (ids.length === 0) return [];
    const result = await this.execute(model, 'read', { ids, params: { fields } });
    return parse(RowsSchema, result, `${model}.read`);
  }

  /** Creates one record and returns its id. */
  async create(
    model: string,
    vals: Readonly<Record<string, unknown>>,
    context?: Readonly<Record<string, unknown>>,
  ): Promise<number> {
    const result = parse(
      IdsSchema,
      await this.execute(model, 'create', { params: { vals_list: [vals] }, context }),
      `${model}.create`,
    );
    const id = Array.isArray(result) ? result[0] : result;
    if (id === undefined) throw new TransientError(`Odoo ${model}.create returned no id`);
    return id;
  }

  async write(
    model: string,
    ids: readonly number[],
    vals: Readonly<Record<string, unknown>>,
    context?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.execute(model, 'write', { ids, params: { vals }, context });
  }

  /** Calls a record method such as `action_confirm` or `action_post`. */
  async action(
    model: string,
    method: string,
    ids: readonly number[],
    context?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    return this.execute(model, method, { ids, context });
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new TransientError(`Odoo ${what} answered an unexpected shape`, { body: bodyExcerpt(value) });
  }
  return parsed.data;
}
