import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { Actor } from './actor.decorator';
import { ApiError } from './api-error.filter';
import {
  ApiAnswer,
  ApiErrors,
  ApiJsonBody,
  ApiProtected,
  ApiZodQuery,
} from './api-schemas/api-docs.decorators';
import {
  DeliveriesRetried,
  Delivery,
  DeliveryEdited,
  DeliveryPage,
  DeliveryRetried,
  DeliverySkipped,
} from './api-schemas/deliveries.schemas';
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
@ApiProtected()
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly actions: DeliveryActions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries by status, destination, route, record, date and error' })
  @ApiZodQuery(ListQuery, {
    destination: 'destination connection id',
    route: 'route id',
    record: 'record id',
    since: 'created at or after (ISO date-time with offset)',
    until: 'created before (ISO date-time with offset)',
    error: 'case-insensitive substring of the last error',
    errorCode: 'exact error code (TRANSIENT, REJECTED, MAPPING, ...)',
  })
  @ApiAnswer(200, DeliveryPage, 'A page of deliveries, newest first, and the total count')
  @ApiErrors(400)
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
  @ApiAnswer(200, Delivery, 'The delivery')
  @ApiErrors(404)
  async get(@Param('id') id: string) {
    const row = await this.ledger.deliveries.get(id);
    if (!row) throw new ApiError(404, 'NOT_FOUND', `no delivery ${id}`);
    return row;
  }

  /** Retries every dead (or skipped) delivery matching the filter; audited with the filter. */
  @Post('retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry every dead (or skipped) delivery matching a filter' })
  @ApiJsonBody(RetryAllBody, {
    description: 'Every field narrows the match; `reason` is a reason from GET /api/v1/errors',
  })
  @ApiAnswer(202, DeliveriesRetried, 'How many went back on their queue')
  @ApiErrors(400, 403)
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
  @ApiAnswer(202, DeliveryRetried, 'The delivery is pending and on its queue again')
  @ApiErrors(403, 404, [409, 'ALREADY_DONE: it was delivered; CONFLICT: it changed meanwhile'])
  async retry(@Param('id') id: string, @Actor() actor: string) {
    return this.act(() => this.actions.retry(id, actor));
  }

  /** Overrides fields of the mapped payload (dotted paths) and retries; audited with the overrides. */
  @Post(':id/edit-and-retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Override payload fields of a dead or skipped delivery and retry it' })
  @ApiJsonBody(EditBody, {
    description:
      'Dotted paths into the mapped payload: { "overrides": { "customer.email": "a@example.com" } }',
  })
  @ApiAnswer(202, DeliveryEdited, 'The overrides are stored and the delivery is pending again')
  @ApiErrors(
    [400, 'BAD_REQUEST: invalid body, no overrides, or an override path that is not allowed'],
    403,
    404,
    [409, 'ALREADY_DONE: it was delivered; PENDING: skip it first; CONFLICT: it changed meanwhile'],
  )
  async editAndRetry(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    const { overrides } = parseBody(EditBody, body);
    return this.act(() => this.actions.editAndRetry(id, overrides, actor));
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give up on a pending or dead delivery' })
  @ApiJsonBody(SkipBody, { description: '{ "reason": "sold by mistake" }' })
  @ApiAnswer(200, DeliverySkipped, 'The delivery is skipped (also when it already was)')
  @ApiErrors(400, 403, 404, [409, 'ALREADY_DONE: it was delivered; CONFLICT: it changed meanwhile'])
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
