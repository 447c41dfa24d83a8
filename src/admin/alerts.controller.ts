import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { StockReportService } from '../pipeline/stock/stock-report.service';
import { parseQuery } from './parse-query';

const AlertsQuery = z.strictObject({
  connection: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Conditions an operator should act on; today the low-stock items. */
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly stock: StockReportService) {}

  @Get()
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
