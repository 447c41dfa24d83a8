import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AdminAuthGuard } from '../admin/admin-auth.guard';
import { ApiErrorFilter } from '../admin/api-error.filter';
import { DeliveriesController } from '../admin/deliveries.controller';
import { DeliveryActions } from '../admin/delivery-actions';
import { HealthController } from '../admin/health.controller';
import { MetricsController } from '../admin/metrics.controller';
import { QuarantineController } from '../admin/quarantine.controller';
import { StreamsController } from '../admin/streams.controller';
import { AuditController } from '../admin/audit.controller';
import { ConnectionsAdminService } from '../admin/connections-admin.service';
import { ConnectionsController } from '../admin/connections.controller';
import { ErrorsController } from '../admin/errors.controller';
import { QueueDashboardRegistrar, queueDashboardModule } from '../admin/queue-dashboard';
import { QueuesController } from '../admin/queues.controller';
import { RecordsController } from '../admin/records.controller';
import type { Env, PoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import type { MappingEngine } from '../mapping/mapping-engine';
import { MetricsService } from '../observability/metrics.service';
import { StateGaugesCollector } from '../observability/state-gauges.collector';
import { ConnectionRuntime } from '../pipeline/connection-runtime.service';
import { DeliverProcessor } from '../pipeline/deliver.processor';
import { DeliverService } from '../pipeline/deliver.service';
import { deliveryPolicyOf } from '../pipeline/delivery-policy';
import { OutboxRelayService } from '../pipeline/outbox-relay.service';
import { PullService } from '../pipeline/pull.service';
import { RouteTable } from '../pipeline/route-table';
import { SchedulerService } from '../pipeline/scheduler.service';
import { WorkersService } from '../pipeline/workers.service';
import { CustomerBehaviourService } from '../pipeline/behaviour/customer-behaviour.service';
import { IdentityService } from '../pipeline/identity/identity.service';
import { IdentityAdminService } from '../pipeline/identity/identity-admin.service';
import { IdentityController } from '../admin/identity.controller';
import { DailySummaryService } from '../pipeline/summary/daily-summary.service';
import { StockSyncService } from '../pipeline/stock/stock-sync.service';
import { StockReportService } from '../pipeline/stock/stock-report.service';
import { ReportsController } from '../admin/reports.controller';
import { ReconciliationController } from '../admin/reconciliation.controller';
import { ReconciliationService } from '../pipeline/reconciliation/reconciliation.service';
import { AlertsController } from '../admin/alerts.controller';
import { ConsoleDataController } from '../admin/console-data.controller';
import { ConsoleOverviewService } from '../console/console-overview.service';
import { WriteBatcher } from '../pipeline/write-batcher';
import { QueueService } from '../queue/queue.service';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { openRedis } from '../queue/redis-connection';
import type { ConnectorRegistry } from '../registry';
import { LifecycleService } from './lifecycle.service';
import { loggerOptions } from './logger-options';
import { Role, servesHttp } from './role';
import {
  BULL_CONNECTION,
  CONNECTOR_REGISTRY,
  ENV,
  LEDGER,
  MAPPING_ENGINE,
  POSHUB_CONFIG,
  QUEUE_PREFIX,
  REDIS,
  ROLE,
} from './tokens';

/** Everything the hub needs, built and validated before Nest starts (see src/app/create-hub.ts). */
export interface HubParts {
  readonly env: Env;
  readonly config: PoshubConfig;
  readonly registry: ConnectorRegistry;
  readonly ledger: Ledger;
  readonly mappings: MappingEngine;
  readonly role: Role;
}

/** The hub's one module. Controllers are mounted only for roles that serve HTTP. */
@Module({})
export class AppModule {
  static forRoot(parts: HubParts): DynamicModule {
    const values: Provider[] = [
      { provide: ENV, useValue: parts.env },
      { provide: POSHUB_CONFIG, useValue: parts.config },
      { provide: CONNECTOR_REGISTRY, useValue: parts.registry },
      { provide: LEDGER, useValue: parts.ledger },
      { provide: MAPPING_ENGINE, useValue: parts.mappings },
      { provide: ROLE, useValue: parts.role },
      { provide: QUEUE_PREFIX, useValue: parts.env.POSHUB_QUEUE_PREFIX },
      { provide: BULL_CONNECTION, useFactory: () => openRedis(parts.env.REDIS_URL, 'poshub-bull') },
      { provide: REDIS, useFactory: () => openRedis(parts.env.REDIS_URL, 'poshub') },
      {
        provide: RouteTable,
        useFactory: () =>
          new RouteTable(parts.config, (id) =>
            parts.registry.require(parts.config.connections[id].connector),
          ),
      },
    ];
    const services: Type[] = [
      MetricsService,
      QueueService,
      ConnectionRuntime,
      PullService,
      DeliverService,
      DailySummaryService,
      CustomerBehaviourService,
      StockSyncService,
      StockReportService,
      ReconciliationService,
      IdentityService,
      IdentityAdminService,
      WriteBatcher,
      DeliverProcessor,
      WorkersService,
      OutboxRelayService,
      SchedulerService,
      StateGaugesCollector,
      ConsoleOverviewService,
      LifecycleService,
      WebhookIntakeService,
    ];
    const http = servesHttp(parts.role);
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(parts.env)),
        ...(http ? [queueDashboardModule(parts.env)] : []),
      ],
      controllers: http
        ? [
            HealthController,
            MetricsController,
            DeliveriesController,
            QuarantineController,
            StreamsController,
            ReportsController,
            ReconciliationController,
            AlertsController,
            IdentityController,
            ConsoleDataController,
            ConnectionsController,
            RecordsController,
            ErrorsController,
            QueuesController,
            AuditController,
            WebhooksController,
          ]
        : [],
      providers: [
        ...values,
        ...services,
        ...(http
          ? [
              ConnectionsAdminService,
              {
                // One set of operator actions for the API and the queue dashboard.
                provide: DeliveryActions,
                useFactory: (ledger: Ledger, config: PoshubConfig, queues: QueueService) =>
                  new DeliveryActions(ledger, queues, deliveryPolicyOf(config)),
                inject: [LEDGER, POSHUB_CONFIG, QueueService],
              },
              QueueDashboardRegistrar,
              { provide: APP_GUARD, useClass: AdminAuthGuard },
              { provide: APP_FILTER, useClass: ApiErrorFilter },
            ]
          : []),
      ],
    };
  }
}
