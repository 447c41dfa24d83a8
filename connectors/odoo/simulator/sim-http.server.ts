import http from 'node:http';
import { listenOnLoopback } from '../../../src/sdk/simulator-kit';
import { handleJson2 } from './sim-json2.transport';
import { handleJsonRpc } from './sim-jsonrpc.transport';
import { versionInfo, type SimEngine } from './sim-engine';

export interface RunningSimServer {
  readonly url: string;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

function route(engine: SimEngine, req: http.IncomingMessage, raw: string): Reply {
  const path = new URL(req.url ?? '/', 'http://odoo.local').pathname;
  const method = req.method ?? 'GET';
  let body: unknown;
  try {
    body = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
  } catch {
    body = undefined;
  }
  if (path === '/web/version' && method === 'GET') {
    return { status: 200, body: { version_info: versionInfo(engine.version), version: engine.version } };
  }
  if (path === '/jsonrpc' && method === 'POST') {
    if (body === undefined) {
      return {
        status: 200,
        body: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: {} } },
      };
    }
    return handleJsonRpc(engine, body);
  }
  const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
  if (json2) {
    const header = req.headers['x-odoo-database'];
    return handleJson2(engine, {
      method,
      model: decodeURIComponent(json2[1]!),
      name: decodeURIComponent(json2[2]!),
      authorization: req.headers.authorization,
      database: Array.isArray(header) ? header[0] : header,
      body: body === undefined ? raw : body,
    });
  }
  return {
    status: 404,
    body: {
      name: 'werkzeug.exceptions.NotFound',
      message: 'Not Found',
      arguments: [],
      context: {},
      debug: '',
    },
  };
}

/** Starts the Odoo simulator's HTTP server on 127.0.0.1 (no framework: node:http only). */
export async function startSimServer(engine: SimEngine, port = 0): Promise<RunningSimServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const latency = engine.faults.latencyMs;
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        const reply = route(engine, req, Buffer.concat(chunks).toString('utf8'));
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  return listenOnLoopback(server, port);
}
