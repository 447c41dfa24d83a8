import { z } from 'zod';
import type { StreamsController } from '../streams.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof StreamsController> = Awaited<ReturnType<StreamsController[K]>>;

// The routes answer the string "queued" (typed string, not a literal, so documented as such).
const queued = z.string().describe('"queued": the pull is on the queue');

export const StreamCheckpoint = component(
  'StreamCheckpoint',
  z.object({
    connection: z.string(),
    stream: z.string(),
    cursor: z.string().nullable().describe("The connector's own cursor (opaque); null: read from the start"),
    updatedAt: z.iso.datetime().nullable(),
  }),
);

export const StreamSyncQueued = component(
  'StreamSyncQueued',
  z.object({ connection: z.string(), stream: z.string(), status: queued }),
);

export const StreamBackfillQueued = component(
  'StreamBackfillQueued',
  z.object({
    connection: z.string(),
    stream: z.string(),
    since: z.string().describe('The date asked for, as sent'),
    status: queued,
  }),
);

export const StreamReset = component(
  'StreamReset',
  z.object({
    connection: z.string(),
    stream: z.string(),
    reset: z.boolean().describe('Whether there was a checkpoint to forget'),
  }),
);

/** The 404 every stream route answers for a stream no route reads. */
export const NO_STREAM = [404, 'NOT_FOUND: the connection has no such stream (no route reads it)'] as const;

documents<Answer<'get'>, typeof StreamCheckpoint>(true);
documents<Answer<'sync'>, typeof StreamSyncQueued>(true);
documents<Answer<'backfill'>, typeof StreamBackfillQueued>(true);
documents<Answer<'reset'>, typeof StreamReset>(true);
