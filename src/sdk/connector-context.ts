import { createHttpClient, type HttpLogger, type HttpMetrics } from './axios-http-client';
import type { ConnectorContext, ConnectorManifest, RateLimitPolicy } from './connector';
import type { RateGovernor } from './rate-governor';
import { collectSecretValues } from './secret';

/** Process-wide services every connection's HTTP client shares. All optional (tests pass none). */
export interface ConnectorRuntime {
  readonly governor?: RateGovernor;
  readonly metrics?: HttpMetrics;
  readonly logger?: HttpLogger;
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
  return {
    connectionId: connection.connectionId,
    config: connection.config,
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
