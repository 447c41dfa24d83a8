import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Helpers for connector simulators (the loopback HTTP servers every connector ships for its tests
 * and the demo). Deterministic data and faults make failures reproducible from a seed.
 */

/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1): small, fast and
 * identical on every platform, so the same seed yields the same orders, ids and faults anywhere.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A simulator listening on loopback. */
export interface LoopbackServer {
  readonly url: string;
  /** Drops open keep-alive sockets too, so tests end promptly. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 (port 0 = any free port) and resolves once it listens. */
export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
