import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import { ApiError } from './api-error.filter';

/** On-demand pulls, besides the schedules. */
@Controller('api/v1/connections/:connection/streams/:stream')
export class StreamsController {
  constructor(
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  /** Queues a pull of the stream from its checkpoint now. */
  @Post('sync')
  @HttpCode(202)
  async sync(@Param('connection') connection: string, @Param('stream') stream: string) {
    if (!this.routes.stream(connection, stream)) {
      throw new ApiError(404, 'NOT_FOUND', `connection ${connection} has no stream ${stream}`);
    }
    await this.queues.enqueuePull(connection, stream, 'manual');
    return { connection, stream, status: 'queued' };
  }
}
