import { createHttpClient, type HttpLogger, type HttpMetrics } from './axios-http-client';
import type { ConnectorContext, ConnectorManifest, RateLimitPolicy } from './connector';
import type { RateGovernor } from './rate-governor';
import { collectSecretValues } from './secret';

/** Process-wide services every connection's HTTP client shares. All optional (tests pass none). */
export interface ConnectorRuntime {
  readonly governor?: RateGovernor;
  readonly metrics?: HttpMetrics;
  readonly logger?: HttpLogger;
  /** Cross-process mutual exclusion (the hub passes a Redis lock); default: this process only. */
  readonly exclusive?: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
}

/** A mutex per key within this process: the fallback when no cross-process lock is given. */
export function localExclusive(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** One configured connection, as poshub.yaml describes it (config already parsed by the manifest's schema). */
export interface ConnectionSettings<C> {
  readonly connectionId: string;
  readonly config: C;
  /** Per-connection override of the manifest's rate limit. */
  readonly rateLimit?: RateLimitPolicy;
}

/**
 * Builds the context handed to `ConnectorDefinition.create`: its `http()` factory wires the
 * connection's rate policy, the shared governor, metrics, logger and the secret values taken from
 * the config (fields marked with `secret()`), so connectors get all of that without asking.
 */
export function createConnectorContext<C>(
  manifest: ConnectorManifest<C>,
  connection: ConnectionSettings<C>,
  runtime: ConnectorRuntime = {},
): ConnectorContext<C> {
  const policy = connection.rateLimit ?? manifest.rateLimit;
  const secretValues = collectSecretValues(connection.config, manifest.configSchema);
  const exclusive = runtime.exclusive ?? localExclusive();
  return {
    connectionId: connection.connectionId,
    config: connection.config,
    exclusive: (key, fn) => exclusive(`${connection.connectionId}.${key}`, fn),
    http: (options) =>
      createHttpClient({
        ...options,
        connectionId: connection.connectionId,
        governor: runtime.governor,
        policy,
        metrics: runtime.metrics,
        logger: runtime.logger,
        secretValues,
      }),
  };
}
