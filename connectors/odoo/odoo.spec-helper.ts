import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from '../../test/fakes/connector-harness';
import { odoo } from './odoo.connector';
import { OdooClient } from './odoo.client';
import { OdooConfigSchema } from './odoo.config';
import { createConnectorContext } from '../../src/sdk';

/** One request the inline server received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** What the inline server answers. */
export interface Answer {
  readonly status?: number;
  readonly body: unknown;
}

/** A tiny loopback HTTP server answering JSON with `handler`, recording what it got. */
export class InlineServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly seen: SeenRequest[],
  ) {}

  static async start(handler: (req: SeenRequest) => Answer): Promise<InlineServer> {
    const seenList: SeenRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const seen: SeenRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        };
        seenList.push(seen);
        const answer = handler(seen);
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new InlineServer(server, `http://127.0.0.1:${port}`, seenList);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A config for the inline server. */
export function inlineConfig(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { baseUrl: url, database: 'db1', login: 'api@example.com', apiKey: 'key-123', ...extra };
}

/** An OdooClient on the inline server, built as the hub builds one. */
export function inlineClient(url: string, extra: Record<string, unknown> = {}): OdooClient {
  const config = OdooConfigSchema.parse(inlineConfig(url, extra));
  return new OdooClient(createConnectorContext(odoo.manifest, { connectionId: 'spec', config }));
}

/** A connector instance on the inline server. */
export function inlineInstance(url: string, extra: Record<string, unknown> = {}) {
  return connect(odoo, inlineConfig(url, extra));
}

/** JSON-RPC success and error envelopes. */
export const rpcResult = (result: unknown): Answer => ({ body: { jsonrpc: '2.0', id: 1, result } });
export const rpcError = (name: string, message: string): Answer => ({
  body: {
    jsonrpc: '2.0',
    id: 1,
    error: { code: 200, message: 'Odoo Server Error', data: { name, message, arguments: [message] } },
  },
});
