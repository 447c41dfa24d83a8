import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { QuarantinePage } from './api-schemas/quarantine.schemas';
import { parseQuery } from './parse-query';

const ListQuery = z.object({
  connection: z.string().min(1).optional(),
  includeResolved: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Source records that failed mapping or validation, with the reason, kept out of the flow. */
@ApiTags('quarantine')
@ApiProtected()
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @ApiOperation({ summary: 'Source records that failed mapping or validation, newest first' })
  @ApiZodQuery(ListQuery, {
    connection: 'source connection id',
    includeResolved: 'also list entries already resolved',
  })
  @ApiAnswer(200, QuarantinePage, 'A page of quarantined records and the total count')
  @ApiErrors(400)
  async list(@Query() query: unknown) {
    const q = parseQuery(ListQuery, query);
    return this.ledger.quarantine.list({
      connectionId: q.connection,
      includeResolved: q.includeResolved === 'true',
      limit: q.limit,
      offset: q.offset,
    });
  }
}
