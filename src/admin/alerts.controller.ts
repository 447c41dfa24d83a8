import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { StockReportService } from '../pipeline/stock/stock-report.service';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { Alerts } from './api-schemas/stock.schemas';
import { parseQuery } from './parse-query';

const AlertsQuery = z.strictObject({
  connection: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Conditions an operator should act on; today the low-stock items. */
@ApiTags('alerts')
@ApiProtected()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly stock: StockReportService) {}

  @Get()
  @ApiOperation({ summary: 'Conditions to act on: low-stock items (at or below their threshold)' })
  @ApiZodQuery(AlertsQuery, { connection: 'only the alerts of this connection' })
  @ApiAnswer(200, Alerts, 'The alerts, sorted by connection, location and SKU')
  @ApiErrors(400)
  async list(@Query() query: unknown) {
    const q = parseQuery(AlertsQuery, query);
    const lowStock = (await this.stock.lowStock()).filter(
      (item) => q.connection === undefined || item.connection === q.connection,
    );
    return {
      items: lowStock.slice(0, q.limit).map((item) => ({ type: 'low-stock', ...item })),
      total: lowStock.length,
    };
  }
}
