import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ReconciliationInputError,
  ReconciliationService,
} from '../pipeline/reconciliation/reconciliation.service';
import { ApiError } from './api-error.filter';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { ReconciliationReport } from './api-schemas/reconciliation.schemas';
import { parseQuery } from './parse-query';

const ReconciliationQuery = z.strictObject({
  date: z.iso.date({ message: 'must be a day as YYYY-MM-DD' }),
  /** IANA zone of the business day; default the route's posting zone per location, else UTC. */
  timezone: z.string().min(1).optional(),
  /** POS location id. */
  location: z.string().min(1).optional(),
  /** Destination connection id. */
  destination: z.string().min(1).optional(),
});

/** Did every sale of a day reach the ERP and the CRM? Read-only, so viewers may ask too. */
@ApiTags('reports')
@ApiProtected()
@Controller('api/v1/reports')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get('reconciliation')
  @ApiOperation({
    summary: 'POS totals of a business day per location against what each destination received',
    description:
      'Lists every transaction missing at a destination (no done delivery) or differing there ' +
      '(the target holds an older version).',
  })
  @ApiZodQuery(ReconciliationQuery, {
    date: { description: 'the business day, YYYY-MM-DD', example: '2025-03-01' },
    timezone: {
      description: "IANA zone of the business day; default the route's posting zone per location, else UTC",
      example: 'Asia/Ho_Chi_Minh',
    },
    location: 'POS location id',
    destination: 'destination connection id',
  })
  @ApiAnswer(200, ReconciliationReport, 'The report (ok: true when every destination holds every sale)')
  @ApiErrors([400, 'BAD_REQUEST: a missing or invalid date, an unknown time zone, or an unknown parameter'])
  async reconcile(@Query() query: unknown) {
    const q = parseQuery(ReconciliationQuery, query);
    try {
      return await this.reconciliation.report(q);
    } catch (err) {
      if (err instanceof ReconciliationInputError) throw new ApiError(400, 'BAD_REQUEST', err.message);
      throw err;
    }
  }
}
