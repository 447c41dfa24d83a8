import { Controller, Get, Header } from '@nestjs/common';
import { MetricsService } from '../observability/metrics.service';
import { StateGaugesCollector } from '../observability/state-gauges.collector';

/** Prometheus scrape endpoint (behind the admin token like every non-health route). */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly gauges: StateGaugesCollector,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.gauges.refresh();
    return this.metrics.registry.metrics();
  }
}
