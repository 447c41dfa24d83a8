import type { z } from 'zod';
import {
  TransientError,
  bodyExcerpt,
  type ConnectorContext,
  type HttpClient,
  type HttpRequest,
} from '../../src/sdk';
import { hubspotBaseUrl, type HubSpotConfig } from './hubspot.config';
import { classifyHubSpotError } from './hubspot.errors';
import { hubspotPace } from './hubspot.pace';
import { AccountInfoSchema, type AccountInfo } from './hubspot.schemas';

/**
 * CRM search has its own limit per token (4/s in the changelog, 5/s in newer docs), on top of the
 * account's rolling budget; one request at a time at 4/s stays under both readings.
 */
export const SEARCH_BUCKET = { requestsPerSecond: 4, burst: 1 } as const;

/**
 * Thin HubSpot client over the hub's shared HTTP client: bearer token, HubSpot's error
 * classification, pacing from the rate-limit headers, the `search` bucket, and the account's
 * details (currency, time zone) read once per instance. Answers are parsed with zod at the edge.
 */
export class HubSpotClient {
  private readonly http: HttpClient;
  private account?: { readonly at: number; readonly info: Promise<AccountInfo> };
  private timeZone?: string;

  constructor(context: Pick<ConnectorContext<HubSpotConfig>, 'config' | 'http'>) {
    const { config } = context;
    this.http = context.http({
      baseUrl: hubspotBaseUrl(config),
      headers: { Authorization: `Bearer ${config.accessToken}`, 'Content-Type': 'application/json' },
      timeoutMs: config.timeoutMs,
      buckets: { search: SEARCH_BUCKET },
      classifyError: (response) => classifyHubSpotError(response, { timeZone: this.timeZone }),
      pace: (response) =>
        hubspotPace(response, { reserve: config.rateLimitReserve, timeZone: this.timeZone }),
    });
  }

  /** Sends one request and parses the 2xx body with `schema`; a body of another shape is Transient. */
  async call<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
    const response = await this.http.request(request);
    const parsed = schema.safeParse(response.data ?? {});
    if (!parsed.success) {
      throw new TransientError(
        `HubSpot answered ${request.method} ${request.path} with an unexpected body: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
        { body: bodyExcerpt(response.data) },
      );
    }
    return parsed.data;
  }

  get<S extends z.ZodType>(path: string, schema: S, query?: HttpRequest['query']): Promise<z.output<S>> {
    return this.call({ method: 'GET', path, query }, schema);
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.call({ method: 'POST', path, body }, schema);
  }

  patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.call({ method: 'PATCH', path, body }, schema);
  }

  /** A CRM search: takes a token from the `search` bucket as well as the connection's. */
  search<S extends z.ZodType>(objectType: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.call(
      { method: 'POST', path: `/crm/v3/objects/${objectType}/search`, body, bucket: 'search' },
      schema,
    );
  }

  /** Sends a request whose answer has no body worth reading (204 archive). */
  async send(request: HttpRequest): Promise<void> {
    await this.http.request(request);
  }

  /**
   * `GET /account-info/v3/details`, once per instance (a failed read is tried again next time). With
   * `maxAgeMs`, an answer older than that is read again: account settings such as currencies can
   * change while an instance lives.
   */
  accountInfo(maxAgeMs = Number.POSITIVE_INFINITY): Promise<AccountInfo> {
    if (!this.account || Date.now() - this.account.at > maxAgeMs) {
      const entry = {
        at: Date.now(),
        info: this.get('/account-info/v3/details', AccountInfoSchema).then(
          (info) => {
            this.timeZone = info.timeZone;
            return info;
          },
          (err: unknown) => {
            if (this.account === entry) this.account = undefined;
            throw err;
          },
        ),
      };
      this.account = entry;
    }
    return this.account.info;
  }
}
