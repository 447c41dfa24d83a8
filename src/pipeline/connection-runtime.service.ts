import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONNECTOR_REGISTRY, POSHUB_CONFIG, QUEUE_PREFIX, REDIS } from '../app/tokens';
import type { PoshubConfig } from '../config';
import { MetricsService } from '../observability/metrics.service';
import type { ConnectorRegistry } from '../registry';
import type { ConnectorDefinition, ConnectorInstance, RateLimitPolicy } from '../sdk/connector';
import { createConnectorContext, type ConnectorRuntime } from '../sdk/connector-context';
import { ConfigError } from '../sdk/errors';
import { RateGovernor } from '../sdk/rate-governor';
import { RedisLock } from './redis-lock';

/** A configured connection: its connector, parsed config and live instance. */
export interface ConnectionHandle {
  readonly id: string;
  readonly definition: ConnectorDefinition<unknown>;
  /** The config as parsed by the connector's schema (secrets in clear: never log it). */
  readonly config: Readonly<unknown>;
  readonly instance: ConnectorInstance;
  readonly rateLimit?: RateLimitPolicy;
}

/**
 * Builds one connector instance per configured connection, wiring the shared HTTP client (rate
 * governor, metrics, redaction). Instances are built lazily and kept for the process lifetime.
 */
@Injectable()
export class ConnectionRuntime {
  private readonly logger = new Logger('connector');
  private readonly handles = new Map<string, ConnectionHandle>();
  readonly governor: RateGovernor;
  private readonly connectorRuntime: ConnectorRuntime;

  constructor(
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(CONNECTOR_REGISTRY) private readonly registry: ConnectorRegistry,
    @Inject(REDIS) redis: Redis,
    @Inject(QUEUE_PREFIX) prefix: string,
    private readonly metrics: MetricsService,
  ) {
    this.governor = new RateGovernor(redis, `${prefix}:rate`);
    const locks = new RedisLock(redis, prefix);
    this.connectorRuntime = {
      governor: this.governor,
      metrics: {
        observe: (s) => {
          this.metrics.httpRequests.observe(
            { connection: s.connectionId, method: s.method, status: String(s.status) },
            s.durationMs / 1000,
          );
          // Counted apart so alerts need no histogram arithmetic.
          if (s.status === 401 || s.status === 403)
            this.metrics.authFailures.inc({ connection: s.connectionId });
          if (s.status === 429) this.metrics.rateLimited.inc({ connection: s.connectionId });
        },
        rateLimitWait: (id, ms) => this.metrics.rateLimitWait.inc({ connection: id }, ms / 1000),
      },
      logger: {
        debug: (obj, msg) => this.logger.debug({ ...obj, msg }),
        warn: (obj, msg) => this.logger.warn({ ...obj, msg }),
      },
      exclusive: (key, fn) => locks.exclusive(`conn.${key}`, 30_000, fn),
    };
  }

  /** The live handle for a connection, built on first use. */
  get(connectionId: string): ConnectionHandle {
    const existing = this.handles.get(connectionId);
    if (existing) return existing;
    const connection = this.config.connections[connectionId];
    if (!connection) throw new ConfigError(`unknown connection ${connectionId}`);
    const definition = this.registry.require(connection.connector);
    const parsed = definition.manifest.configSchema.safeParse(connection.config);
    if (!parsed.success) {
      throw new ConfigError(
        `connection ${connectionId}: config does not match connector ${definition.manifest.id}`,
      );
    }
    const rateLimit = connection.rateLimit ?? definition.manifest.rateLimit;
    const config = parsed.data as Readonly<unknown>;
    const context = createConnectorContext(
      definition.manifest,
      { connectionId, config, rateLimit },
      this.connectorRuntime,
    );
    const instance = definition.create(context);
    const handle: ConnectionHandle = {
      id: connectionId,
      definition,
      config,
      instance,
      rateLimit,
    };
    this.handles.set(connectionId, handle);
    return handle;
  }

  async close(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.instance.close?.()));
    this.handles.clear();
  }
}
