import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { PoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import { deliveryPolicyOf } from '../pipeline/delivery-policy';
import { QueueService } from '../queue/queue.service';
import { Actor } from './actor.decorator';
import { ApiError } from './api-error.filter';
import { DeliveryActionError, DeliveryActions } from './delivery-actions';
import { parseBody } from './parse-body';
import { parseQuery } from './parse-query';

const isoDate = z.iso.datetime({ offset: true });
const Filter = {
  destination: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  error: z.string().min(1).optional(),
  errorCode: z.string().min(1).optional(),
};
const ListQuery = z.object({
  status: z.enum(['pending', 'done', 'dead', 'skipped']).optional(),
  record: z.string().min(1).optional(),
  ...Filter,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const RetryAllBody = z.strictObject({
  status: z.enum(['dead', 'skipped']).default('dead'),
  ...Filter,
  /** A `reason` from GET /api/v1/errors: the message with per-record ids folded. */
  reason: z.string().min(1).optional(),
});
const EditBody = z.strictObject({ overrides: z.record(z.string(), z.unknown()) });
const SkipBody = z.strictObject({ reason: z.string().min(1).max(500).default('no reason given') });

function toFilter(q: z.output<z.ZodObject<typeof Filter>>) {
  return {
    destinationConnectionId: q.destination,
    routeId: q.route,
    since: q.since ? new Date(q.since) : undefined,
    until: q.until ? new Date(q.until) : undefined,
    errorContains: q.error,
    errorCode: q.errorCode,
  };
}

/** Deliveries: find what did not arrive and send it again, edited if need be, or give up on it. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/v1/deliveries')
export class DeliveriesController {
  private readonly actions: DeliveryActions;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) config: PoshubConfig,
    queues: QueueService,
  ) {
    this.actions = new DeliveryActions(ledger, queues, deliveryPolicyOf(config));
  }

  @Get()
  @ApiOperation({ summary: 'Deliveries by status, destination, route, record, date and error' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'done', 'dead', 'skipped'] })
  @ApiQuery({ name: 'destination', required: false })
  @ApiQuery({ name: 'route', required: false })
  @ApiQuery({ name: 'record', required: false })
  @ApiQuery({ name: 'since', required: false, description: 'ISO date-time, created at or after' })
  @ApiQuery({ name: 'until', required: false, description: 'ISO date-time, created before' })
  @ApiQuery({ name: 'error', required: false, description: 'substring of the last error' })
  @ApiQuery({ name: 'errorCode', required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  async list(@Query() query: unknown) {
    const q = parseQuery(ListQuery, query);
    return this.ledger.deliveries.list({
      ...toFilter(q),
      status: q.status,
      recordId: q.record,
      limit: q.limit,
      offset: q.offset,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delivery with its error and overrides' })
  async get(@Param('id') id: string) {
    const row = await this.ledger.deliveries.get(id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no delivery ${id}`);
    return row;
  }

  /** Retries every dead (or skipped) delivery matching the filter; audited with the filter. */
  @Post('retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry every dead (or skipped) delivery matching a filter' })
  @ApiBody({ description: '{ status?, destination?, route?, since?, until?, error?, errorCode?, reason? }' })
  async retryAll(@Body() body: unknown, @Actor() actor: string) {
    const b = parseBody(RetryAllBody, body);
    return this.act(() =>
      this.actions.retryAll({ ...toFilter(b), status: b.status, reason: b.reason }, actor),
    );
  }

  /** Puts a dead or skipped delivery back to pending and on its queue. */
  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry one delivery' })
  async retry(@Param('id') id: string, @Actor() actor: string) {
    return this.act(() => this.actions.retry(id, actor));
  }

  /** Overrides fields of the mapped payload (dotted paths) and retries; audited with the overrides. */
  @Post(':id/edit-and-retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Override payload fields of a dead or skipped delivery and retry it' })
  @ApiBody({ description: '{ "overrides": { "customer.email": "a@example.com" } }' })
  async editAndRetry(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    const { overrides } = parseBody(EditBody, body);
    return this.act(() => this.actions.editAndRetry(id, overrides, actor));
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give up on a pending or dead delivery' })
  @ApiBody({ required: false, description: '{ "reason": "sold by mistake" }' })
  async skip(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    const { reason } = parseBody(SkipBody, body);
    return this.act(() => this.actions.skip(id, reason, actor));
  }

  private async act<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DeliveryActionError) throw new ApiError(err.status, err.code, err.message);
      throw err;
    }
  }
}
