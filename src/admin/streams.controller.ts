import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import { Actor } from './actor.decorator';
import { ApiError } from './api-error.filter';
import { ApiAnswer, ApiErrors, ApiJsonBody, ApiProtected } from './api-schemas/api-docs.decorators';
import {
  NO_STREAM,
  StreamBackfillQueued,
  StreamCheckpoint,
  StreamReset,
  StreamSyncQueued,
} from './api-schemas/streams.schemas';
import { parseBody } from './parse-body';

const BackfillBody = z.strictObject({ since: z.iso.date().or(z.iso.datetime({ offset: true })) });

/**
 * A source stream: its checkpoint, and pulls on demand besides the schedules. Checkpoints are
 * opaque to poshub (each connector encodes its own cursor), so a backfill re-reads the stream from
 * the start; the ledger's content hashes turn everything it already holds into no-ops, and only
 * what it lacks (or what changed) becomes new deliveries.
 */
@ApiTags('streams')
@ApiProtected()
@ApiParam({ name: 'connection', description: 'source connection id' })
@ApiParam({ name: 'stream', description: 'a stream a route reads: transactions, customers, ...' })
@Controller('api/v1/connections/:connection/streams/:stream')
export class StreamsController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  @Get()
  @ApiOperation({ summary: "A stream's checkpoint" })
  @ApiAnswer(200, StreamCheckpoint, 'The checkpoint (cursor null: never read, or reset)')
  @ApiErrors(NO_STREAM)
  async get(@Param('connection') connection: string, @Param('stream') stream: string) {
    this.requireStream(connection, stream);
    const checkpoint = (await this.ledger.checkpoints.list()).find(
      (c) => c.connectionId === connection && c.stream === stream,
    );
    return {
      connection,
      stream,
      cursor: checkpoint?.cursor ?? null,
      updatedAt: checkpoint?.updatedAt ?? null,
    };
  }

  /** Queues a pull of the stream from its checkpoint now. */
  @Post('sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Pull the stream now, from its checkpoint' })
  @ApiAnswer(202, StreamSyncQueued, 'The pull is queued')
  @ApiErrors(403, NO_STREAM)
  async sync(@Param('connection') connection: string, @Param('stream') stream: string) {
    this.requireStream(connection, stream);
    await this.queues.enqueuePull(connection, stream, 'manual');
    return { connection, stream, status: 'queued' };
  }

  /** Re-reads the stream from the start (see the class comment); audited with the date asked for. */
  @Post('backfill')
  @HttpCode(202)
  @ApiOperation({ summary: 'Backfill: re-read the stream from the start, for records since a date' })
  @ApiJsonBody(BackfillBody, { description: '{ "since": "2024-05-01" }: a date or an ISO date-time' })
  @ApiAnswer(202, StreamBackfillQueued, 'The checkpoint is forgotten and a pull from the start is queued')
  @ApiErrors(400, 403, NO_STREAM)
  async backfill(
    @Param('connection') connection: string,
    @Param('stream') stream: string,
    @Body() body: unknown,
    @Actor() actor: string,
  ) {
    this.requireStream(connection, stream);
    const { since } = parseBody(BackfillBody, body);
    await this.resetCheckpoint(connection, stream, actor, 'stream.backfill', { since });
    await this.queues.enqueuePull(connection, stream, 'manual');
    return { connection, stream, since, status: 'queued' };
  }

  /** Forgets the checkpoint: the next pull (scheduled or asked for) reads from the start. */
  @Post('reset')
  @HttpCode(200)
  @ApiOperation({ summary: "Reset the stream's checkpoint (audited)" })
  @ApiAnswer(200, StreamReset, 'Whether there was a checkpoint to forget')
  @ApiErrors(403, NO_STREAM)
  async reset(
    @Param('connection') connection: string,
    @Param('stream') stream: string,
    @Actor() actor: string,
  ) {
    this.requireStream(connection, stream);
    const existed = await this.resetCheckpoint(connection, stream, actor, 'stream.reset', {});
    return { connection, stream, reset: existed };
  }

  private requireStream(connection: string, stream: string): void {
    if (!this.routes.stream(connection, stream)) {
      throw new ApiError(404, 'NOT_FOUND', `connection ${connection} has no stream ${stream}`);
    }
  }

  private async resetCheckpoint(
    connection: string,
    stream: string,
    actor: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<boolean> {
    return this.ledger.transaction(async (tx) => {
      const previous = await tx.checkpoints.get(connection, stream);
      const existed = await tx.checkpoints.reset(connection, stream);
      await tx.audit.append({
        actor,
        action,
        target: `${connection}/${stream}`,
        details: { ...details, previous },
      });
      return existed;
    });
  }
}
