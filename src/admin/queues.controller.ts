import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName, PULL_QUEUE } from '../queue/queue-names';
import { Actor } from './actor.decorator';
import { ApiError } from './api-error.filter';
import { ApiAnswer, ApiErrors, ApiProtected } from './api-schemas/api-docs.decorators';
import { QueueCleaned, QueueList, QueuePaused } from './api-schemas/queues.schemas';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized'] as const;

/** Every queue poshub runs: the pull queue and one deliver queue per destination. */
export function poshubQueueNames(routes: RouteTable): string[] {
  return [PULL_QUEUE, ...routes.destinations().map(deliverQueueName)];
}

/**
 * The BullMQ queues: counts, pause/resume, clean completed jobs. Queues only carry work (the ledger
 * is the record), so cleaning completed jobs loses nothing.
 */
@ApiTags('queues')
@ApiProtected()
@Controller('api/v1/queues')
export class QueuesController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Job counts per queue and whether it is paused' })
  @ApiAnswer(200, QueueList, 'The pull queue and one deliver queue per destination')
  async list() {
    const items = [];
    for (const name of poshubQueueNames(this.routes)) {
      const queue = this.queues.queue(name);
      const [counts, paused] = await Promise.all([queue.getJobCounts(...STATES), queue.isPaused()]);
      items.push({ name, paused, counts });
    }
    return { items };
  }

  @Post(':name/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a queue: workers stop taking its jobs, which wait in Redis' })
  @ApiAnswer(200, QueuePaused, 'The queue is paused')
  @ApiErrors(403, [404, 'NOT_FOUND: poshub runs no queue of that name'])
  async pause(@Param('name') name: string, @Actor() actor: string) {
    await this.require(name).pause();
    await this.ledger.audit.append({ actor, action: 'queue.pause', target: name });
    return { name, paused: true };
  }

  @Post(':name/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused queue' })
  @ApiAnswer(200, QueuePaused, 'The queue runs again')
  @ApiErrors(403, [404, 'NOT_FOUND: poshub runs no queue of that name'])
  async resume(@Param('name') name: string, @Actor() actor: string) {
    await this.require(name).resume();
    await this.ledger.audit.append({ actor, action: 'queue.resume', target: name });
    return { name, paused: false };
  }

  @Post(':name/clean')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove completed jobs from a queue' })
  @ApiAnswer(200, QueueCleaned, 'How many completed jobs were removed')
  @ApiErrors(403, [404, 'NOT_FOUND: poshub runs no queue of that name'])
  async clean(@Param('name') name: string, @Actor() actor: string) {
    const removed = await this.require(name).clean(0, 100_000, 'completed');
    await this.ledger.audit.append({
      actor,
      action: 'queue.clean',
      target: name,
      details: { state: 'completed', removed: removed.length },
    });
    return { name, removed: removed.length };
  }

  private require(name: string) {
    if (!poshubQueueNames(this.routes).includes(name)) {
      throw new ApiError(404, 'NOT_FOUND', `no queue ${name}`);
    }
    return this.queues.queue(name);
  }
}
