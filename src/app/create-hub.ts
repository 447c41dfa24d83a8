import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Env, PoshubConfig } from '../config';
import { Ledger, migrateToLatest, openDatabase, SecretBox } from '../ledger';
import { MappingEngine } from '../mapping/mapping-engine';
import type { ConnectorRegistry } from '../registry';
import type { ConnectorDefinition } from '../sdk/connector';
import { mountConsole } from '../console/mount-console';
import { jsonBodyOnly } from '../admin/json-body-only.middleware';
import { setupOpenApi } from '../admin/openapi';
import { MetricsService } from '../observability/metrics.service';
import { startMetricsServer } from '../observability/metrics-server';
import { AppModule } from './app.module';
import { buildHubCatalogue, defaultConnectors } from './hub-catalogue';
import { Role, servesHttp } from './role';

/** Inputs of a hub process; everything else is derived. */
export interface HubInput {
  readonly env: Env;
  readonly config: PoshubConfig;
  readonly role?: Role;
  /** Defaults to connectors/index.ts. */
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
  /** Listen on env.PORT (default true for roles that serve HTTP). Tests pass false and use supertest. */
  readonly listen?: boolean;
}

/** A running hub process. */
export interface Hub {
  readonly role: Role;
  readonly app: INestApplicationContext;
  /** The HTTP app for roles that serve HTTP. */
  readonly http?: INestApplication;
  readonly ledger: Ledger;
  readonly registry: ConnectorRegistry;
  readonly mappings: MappingEngine;
  /** Base URL when listening (for `worker`/`scheduler`: the metrics listener, if POSHUB_METRICS_PORT is set). */
  readonly url?: string;
  close(): Promise<void>;
}

/**
 * Builds and starts a hub: registry (manifests validated), mapping engine (every mapping compiled),
 * ledger (migrated), then Nest. Any problem stops start-up before a job is taken.
 */
export async function createHub(input: HubInput): Promise<Hub> {
  const role = input.role ?? input.env.POSHUB_ROLE;
  const { registry, resolveSchema } = buildHubCatalogue(input.connectors ?? (await defaultConnectors()));
  const mappings = await MappingEngine.load(input.env.POSHUB_MAPPINGS_DIR, { resolveSchema });
  const database = await openDatabase(input.env.DATABASE_URL);
  await migrateToLatest(database);
  const ledger = new Ledger(database, SecretBox.fromKey(input.env.POSHUB_SECRET_KEY));
  const parts = { env: input.env, config: input.config, registry, ledger, mappings, role };
  try {
    if (servesHttp(role)) {
      // rawBody: webhook signatures are computed over the exact bytes received.
      const http = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(parts), {
        bufferLogs: true,
        rawBody: true,
      });
      http.useBodyParser('json', { limit: '2mb' });
      http.use('/api', jsonBodyOnly);
      mountConsole(http);
      http.useLogger(http.get(Logger));
      http.enableShutdownHooks();
      setupOpenApi(http, input.env);
      let url: string | undefined;
      if (input.listen ?? true) {
        await http.listen(input.env.PORT, '0.0.0.0');
        url = (await http.getUrl()).replace('[::1]', '127.0.0.1');
      } else {
        await http.init();
      }
      return { role, app: http, http, ledger, registry, mappings, url, close: () => http.close() };
    }
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(parts), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    await app.init();
    const metricsPort = input.env.POSHUB_METRICS_PORT;
    if (metricsPort === undefined || !(input.listen ?? true)) {
      return { role, app, ledger, registry, mappings, close: () => app.close() };
    }
    const metrics = await startMetricsServer(input.env, app.get(MetricsService).registry, metricsPort).catch(
      async (error: unknown) => {
        await app.close();
        throw error;
      },
    );
    const close = async () => {
      await metrics.close();
      await app.close();
    };
    return { role, app, ledger, registry, mappings, url: metrics.url, close };
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
}
