import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { isDrifting } from '../pipeline/stock/stock-drift';
import { StockReportService } from '../pipeline/stock/stock-report.service';
import { ApiError } from './api-error.filter';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { StockDrift } from './api-schemas/stock.schemas';
import { parseQuery } from './parse-query';

const DriftQuery = z.strictObject({
  sku: z.string().min(1).optional(),
  /** ERP location id. */
  location: z.string().min(1).optional(),
  drifting: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Reports computed from the ledger. */
@ApiTags('reports')
@ApiProtected()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly stock: StockReportService) {}

  /** POS vs ERP figure per SKU and ERP location, with age and the drift undelivered sales explain. */
  @Get('stock-drift')
  @ApiOperation({
    summary: 'POS vs ERP stock per SKU and ERP location, with the drift sales in flight explain',
  })
  @ApiZodQuery(DriftQuery, {
    location: 'ERP location id',
    drifting: 'true: only rows whose drift undelivered sales do not explain',
  })
  @ApiAnswer(200, StockDrift, 'Rows, and the total before the limit')
  @ApiErrors(400, [404, 'NOT_CONFIGURED: poshub.yaml has no stock: section'])
  async stockDrift(@Query() query: unknown) {
    const q = parseQuery(DriftQuery, query);
    if (!this.stock.configured)
      throw new ApiError(404, 'NOT_CONFIGURED', 'stock sync is not configured (no stock: section)');
    const rows = (await this.stock.drift()).filter(
      (r) =>
        (q.sku === undefined || r.sku === q.sku) &&
        (q.location === undefined || r.erpLocation === q.location) &&
        (q.drifting !== 'true' || isDrifting(r)),
    );
    return { items: rows.slice(0, q.limit), total: rows.length };
  }
}
