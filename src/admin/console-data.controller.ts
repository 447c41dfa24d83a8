import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsoleOverviewService } from '../console/console-overview.service';

/** Read-only data the web console (/console) needs that no other admin route gives in one request. */
@ApiTags('console')
@ApiBearerAuth()
@Controller('api/v1/console')
export class ConsoleDataController {
  constructor(private readonly overview: ConsoleOverviewService) {}

  @Get('overview')
  @ApiOperation({
    summary: 'Per connection: health, last successful sync, lag, throughput, pending/dead, errors by reason',
  })
  get() {
    return this.overview.overview();
  }
}
