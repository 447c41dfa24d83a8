import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsoleOverviewService } from '../console/console-overview.service';
import { ApiAnswer, ApiProtected } from './api-schemas/api-docs.decorators';
import { ConsoleOverview } from './api-schemas/console.schemas';

/** Read-only data the web console (/console) needs that no other admin route gives in one request. */
@ApiTags('console')
@ApiProtected()
@Controller('api/v1/console')
export class ConsoleDataController {
  constructor(private readonly overview: ConsoleOverviewService) {}

  @Get('overview')
  @ApiOperation({
    summary: 'Per connection: health, last successful sync, lag, throughput, pending/dead, errors by reason',
  })
  @ApiAnswer(200, ConsoleOverview, 'One row per connection')
  get() {
    return this.overview.overview();
  }
}
