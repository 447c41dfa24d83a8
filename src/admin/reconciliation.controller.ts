import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ReconciliationInputError,
  ReconciliationService,
} from '../pipeline/reconciliation/reconciliation.service';
import { ApiError } from './api-error.filter';
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
@ApiBearerAuth()
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
  @ApiQuery({ name: 'date', required: true, example: '2025-03-01' })
  @ApiQuery({ name: 'timezone', required: false, example: 'Asia/Ho_Chi_Minh' })
  @ApiQuery({ name: 'location', required: false })
  @ApiQuery({ name: 'destination', required: false })
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
