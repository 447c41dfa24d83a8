import { Inject, Injectable } from '@nestjs/common';
import { CONNECTOR_REGISTRY, LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { PoshubConfig } from '../config';
import type { ConnectionRow, Ledger } from '../ledger';
import { ConnectionRuntime } from '../pipeline/connection-runtime.service';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName } from '../queue/queue-names';
import type { ConnectorRegistry } from '../registry';
import type { CheckResult, ConnectorDefinition } from '../sdk/connector';
import { createConnectorContext } from '../sdk/connector-context';
import { REDACTED, redactSecrets, secretPaths } from '../sdk/secret';
import { ApiError } from './api-error.filter';

/** A connection as the API shows it: secrets replaced by "[redacted]", never their values. */
export interface ConnectionView {
  readonly id: string;
  readonly connector: string;
  /** `file`: from poshub.yaml (read-only here); `api`: created through the admin API. */
  readonly source: 'file' | 'api';
  readonly config: unknown;
  readonly paused: boolean;
  readonly status: string;
  readonly statusMessage: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Connections for operators: poshub.yaml's (mirrored into the ledger at start, read-only here) and
 * ones created through the API (stored only sealed with the SecretBox). Secrets are write-only:
 * answers carry "[redacted]", and an update that leaves a secret out or sends "[redacted]" keeps
 * the stored value. Connections created here are stored and checkable; routes and schedules still
 * come from poshub.yaml, so they carry traffic once poshub.yaml routes them.
 */
@Injectable()
export class ConnectionsAdminService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(CONNECTOR_REGISTRY) private readonly registry: ConnectorRegistry,
    private readonly runtime: ConnectionRuntime,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  async list(): Promise<ConnectionView[]> {
    return (await this.ledger.connections.list()).map((row) => this.view(row));
  }

  async get(id: string): Promise<ConnectionView> {
    return this.view(await this.require(id));
  }

  /** Creates an API connection, or replaces the config of one; poshub.yaml's are refused. */
  async save(
    id: string,
    connector: string,
    config: Record<string, unknown>,
    actor: string,
    mode: 'create' | 'update',
  ): Promise<ConnectionView> {
    if (this.isFromFile(id)) {
      throw new ApiError(409, 'READ_ONLY', `connection ${id} comes from poshub.yaml; change it there`);
    }
    const existing = await this.ledger.connections.get(id);
    if (mode === 'create' && existing) throw new ApiError(409, 'CONFLICT', `connection ${id} exists`);
    if (mode === 'update' && !existing) throw new ApiError(404, 'NOT_FOUND', `no connection ${id}`);
    if (existing && existing.connector !== connector) {
      throw new ApiError(409, 'CONFLICT', `connection ${id} uses connector ${existing.connector}`);
    }
    const definition = this.registry.get(connector);
    if (!definition) throw new ApiError(400, 'BAD_REQUEST', `unknown connector ${connector}`);
    const merged = existing ? keepStoredSecrets(config, existing.config, definition) : config;
    const parsed = definition.manifest.configSchema.safeParse(merged);
    if (!parsed.success) {
      // Paths and messages only: a message must never echo a value, which could be a secret.
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
      throw new ApiError(400, 'BAD_REQUEST', `config does not match connector ${connector}`, details);
    }
    await this.ledger.transaction(async (tx) => {
      await tx.connections.upsert({ id, connector, config: merged });
      await tx.audit.append({
        actor,
        action: mode === 'create' ? 'connection.create' : 'connection.update',
        target: id,
        // Which fields were sent, never their values.
        details: { connector, fields: Object.keys(config).sort() },
      });
    });
    return this.get(id);
  }

  /** Runs the connector's check() against the live system. */
  async check(id: string, actor: string): Promise<CheckResult & { id: string }> {
    const row = await this.require(id);
    let result: CheckResult;
    if (this.isFromFile(id)) {
      result = await this.safeCheck(() => this.runtime.get(id).instance.check());
    } else {
      const definition = this.registry.get(row.connector);
      if (!definition) throw new ApiError(409, 'CONFLICT', `connector ${row.connector} is not installed`);
      const parsed = definition.manifest.configSchema.safeParse(row.config);
      if (!parsed.success) return { id, ok: false, message: `stored config does not match ${row.connector}` };
      // A short-lived instance: no shared rate governor needed for one cheap call.
      const instance = definition.create(
        createConnectorContext(definition.manifest, { connectionId: id, config: parsed.data }),
      );
      try {
        result = await this.safeCheck(() => instance.check());
      } finally {
        await instance.close?.();
      }
    }
    await this.ledger.audit.append({
      actor,
      action: 'connection.check',
      target: id,
      details: { ok: result.ok },
    });
    return { id, ok: result.ok, message: result.message };
  }

  /**
   * Pauses or resumes a connection: flags it in the ledger and, when it is a destination, pauses
   * or resumes its deliver queue (jobs wait in Redis, nothing is lost). Resuming also clears an
   * auth-failure flag and promotes parked jobs, as after fixing the credentials.
   */
  async setPaused(id: string, paused: boolean, actor: string): Promise<ConnectionView> {
    await this.require(id);
    const isDestination = this.routes.destinations().includes(id);
    if (isDestination) {
      const queue = this.queues.queue(deliverQueueName(id));
      if (paused) await queue.pause();
      else {
        await queue.resume();
        await queue.promoteJobs();
      }
    }
    await this.ledger.transaction(async (tx) => {
      await tx.connections.setPaused(id, paused);
      if (!paused) await tx.connections.setStatus(id, 'ok', null);
      await tx.audit.append({
        actor,
        action: paused ? 'connection.pause' : 'connection.resume',
        target: id,
        details: { deliverQueue: isDestination ? deliverQueueName(id) : null },
      });
    });
    return this.get(id);
  }

  private isFromFile(id: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.config.connections, id);
  }

  private async require(id: string): Promise<ConnectionRow> {
    const row = await this.ledger.connections.get(id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no connection ${id}`);
    return row;
  }

  private async safeCheck(run: () => Promise<CheckResult>): Promise<CheckResult> {
    try {
      return await run();
    } catch (err) {
      // Connector errors are already redacted by the HTTP client; keep only the message.
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  private view(row: ConnectionRow): ConnectionView {
    const definition = this.registry.get(row.connector);
    return {
      id: row.id,
      connector: row.connector,
      source: this.isFromFile(row.id) ? 'file' : 'api',
      // Without the connector's schema poshub cannot tell what is secret: show nothing.
      config: definition ? redactSecrets(row.config, definition.manifest.configSchema) : null,
      paused: row.paused,
      status: row.status,
      statusMessage: row.statusMessage,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

/** The new config with every secret it leaves out (or sends as "[redacted]") taken from the stored one. */
function keepStoredSecrets(
  config: Record<string, unknown>,
  stored: unknown,
  definition: ConnectorDefinition<unknown>,
): Record<string, unknown> {
  const merged = structuredClone(config);
  for (const path of secretPaths(definition.manifest.configSchema)) {
    const keys = path.split('.');
    const given = dig(merged, keys);
    if (given !== undefined && given !== REDACTED) continue;
    const kept = dig(stored, keys);
    if (kept !== undefined) place(merged, keys, kept);
  }
  return merged;
}

function dig(value: unknown, keys: readonly string[]): unknown {
  let node = value;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function place(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
