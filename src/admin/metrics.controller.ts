import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetricsService } from '../observability/metrics.service';
import { StateGaugesCollector } from '../observability/state-gauges.collector';
import { ApiProtected, ApiTextAnswer } from './api-schemas/api-docs.decorators';

/** Prometheus scrape endpoint (behind the admin token like every non-health route). */
@ApiTags('metrics')
@ApiProtected()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly gauges: StateGaugesCollector,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format 0.0.4)' })
  @ApiTextAnswer('Every metric, in the Prometheus text format')
  async scrape(): Promise<string> {
    await this.gauges.refresh();
    return this.metrics.registry.metrics();
  }
}
