import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { AuditPage } from './api-schemas/audit.schemas';
import { parseQuery } from './parse-query';

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Who did what: every operator action (retries, edits, pauses, checkpoint resets, config changes). */
@ApiTags('audit')
@ApiProtected()
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first' })
  @ApiZodQuery(AuditQuery)
  @ApiAnswer(200, AuditPage, 'A page of the audit log and the total count')
  @ApiErrors(400)
  async list(@Query() query: unknown) {
    const q = parseQuery(AuditQuery, query);
    return this.ledger.audit.list(q);
  }
}
