import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { parseQuery } from './parse-query';

const ListQuery = z.object({
  connection: z.string().min(1).optional(),
  includeResolved: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Source records that failed mapping or validation, with the reason, kept out of the flow. */
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
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
