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
import { QueueService } from '../queue/queue.service';
import { httpAuthMiddleware } from './http-auth.middleware';
import { poshubQueueNames } from './queues.controller';

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
 */
@Injectable()
export class QueueDashboardRegistrar implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    this.board.replaceQueues(
      poshubQueueNames(this.routes).map((name) => new BullMQAdapter(this.queues.queue(name))),
    );
  }
}
