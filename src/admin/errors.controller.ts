import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { DeliveryErrorGroups } from './api-schemas/deliveries.schemas';
import { parseQuery } from './parse-query';

const ErrorsQuery = z.object({
  status: z.enum(['dead', 'pending', 'skipped']).default('dead'),
  destination: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * Failed deliveries grouped by destination and reason: 500 failures of one cause are one line with
 * a count. `retry` is the body that retries the whole group (POST /api/v1/deliveries/retry).
 */
@ApiTags('errors')
@ApiProtected()
@Controller('api/v1/errors')
export class ErrorsController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @ApiOperation({ summary: 'Dead (or pending-with-error, or skipped) deliveries grouped by reason' })
  @ApiZodQuery(ErrorsQuery, { destination: 'destination connection id' })
  @ApiAnswer(200, DeliveryErrorGroups, 'One line per destination and reason, largest first')
  @ApiErrors(400)
  async list(@Query() query: unknown) {
    const q = parseQuery(ErrorsQuery, query);
    const groups = await this.ledger.deliveries.errorSummaries({
      status: q.status,
      destinationConnectionId: q.destination,
      limit: q.limit,
    });
    return {
      items: groups
        // Pending deliveries without an error are just waiting, not failing.
        .filter((g) => q.status !== 'pending' || g.lastError !== null)
        .map((g) => ({
          ...g,
          retry:
            q.status === 'pending'
              ? null
              : {
                  status: q.status,
                  destination: g.destinationConnectionId,
                  ...(g.errorCode ? { errorCode: g.errorCode } : {}),
                  ...(g.reason ? { reason: g.reason } : {}),
                },
        })),
    };
  }
}
