import { Injectable, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import {
  BullBoardModule,
  InjectBullBoard,
  type BullBoardInstance,
  type BullBoardModuleOptions,
} from '@bull-board/nestjs';
import type { Env } from '../config';
import { RouteTable } from '../pipeline/route-table';
import { deliverQueueName, PULL_QUEUE } from '../queue/queue-names';
import { QueueService } from '../queue/queue.service';
import { DeliverQueueAdapter } from './deliver-queue-adapter';
import { DeliveryActions } from './delivery-actions';
import { httpAuthMiddleware } from './http-auth.middleware';
import { requestCaller } from './request-caller';

/** Where Bull Board is mounted. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues for every poshub queue. Its auth runs as Bull Board's own
 * middleware (the Nest guard does not cover middleware-mounted routers): the admin token for
 * everything, the viewer token for looking only (Bull Board's actions are PUT/POST/DELETE).
 */
export function queueDashboardModule(env: Env): DynamicModule {
  return BullBoardModule.forRoot({
    route: QUEUE_DASHBOARD_PATH,
    // @bull-board/express pins a patch release of @bull-board/api of its own; the classes are the
    // same at run time, only their private fields make TypeScript see two types.
    adapter: ExpressAdapter as unknown as BullBoardModuleOptions['adapter'],
    middleware: httpAuthMiddleware(env, { viewerMayRead: true }),
    boardOptions: { uiConfig: { boardTitle: 'poshub queues' } },
  });
}

/**
 * Adds poshub's queues to the board once the app is built. The queue names come from the routes,
 * so the board never shows a queue poshub does not run (and reuses QueueService's connections).
 * Deliver queues get an adapter whose "retry" is the ledger retry (see DeliverQueueAdapter).
 */
@Injectable()
export class QueueDashboardRegistrar implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly actions: DeliveryActions,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    const retry = async (deliveryId: string) => {
      // Bull Board's handlers run after poshub's auth middleware, which recorded the caller.
      await this.actions.retry(deliveryId, requestCaller.getStore()?.actor ?? 'admin');
    };
    this.board.replaceQueues([
      new BullMQAdapter(this.queues.queue(PULL_QUEUE)),
      ...this.routes
        .destinations()
        .map(
          (destination) => new DeliverQueueAdapter(this.queues.queue(deliverQueueName(destination)), retry),
        ),
    ]);
  }
}
