import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { PoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import { deliveryPolicyOf } from '../pipeline/delivery-policy';
import { QueueService } from '../queue/queue.service';
import { ApiError } from './api-error.filter';
import { parseQuery } from './parse-query';

const ListQuery = z.object({
  status: z.enum(['pending', 'done', 'dead', 'skipped']).optional(),
  destination: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  error: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Deliveries: find what did not arrive and send it again. */
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly queues: QueueService,
  ) {}

  @Get()
  async list(@Query() query: unknown) {
    const q = parseQuery(ListQuery, query);
    return this.ledger.deliveries.list({
      status: q.status,
      destinationConnectionId: q.destination,
      routeId: q.route,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      errorContains: q.error,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const row = await this.ledger.deliveries.get(id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no delivery ${id}`);
    return row;
  }

  /** Puts a dead or skipped delivery back to pending and on its queue. */
  @Post(':id/retry')
  @HttpCode(202)
  async retry(@Param('id') id: string) {
    const row = await this.ledger.deliveries.get(id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no delivery ${id}`);
    if (row.status === 'done')
      throw new ApiError(409, 'ALREADY_DONE', `delivery ${id} was already delivered`);
    if (row.status !== 'pending') {
      await this.ledger.transaction(async (tx) => {
        await tx.deliveries.resetForRetry(id);
        await tx.audit.append({
          actor: 'admin',
          action: 'delivery.retry',
          target: id,
          details: { from: row.status },
        });
      });
    }
    await this.queues.requeueDelivery(row.destinationConnectionId, id, deliveryPolicyOf(this.config));
    return { id, status: 'pending' };
  }
}
