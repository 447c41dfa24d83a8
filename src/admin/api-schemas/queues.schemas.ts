import { z } from 'zod';
import type { QueuesController } from '../queues.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof QueuesController> = Awaited<ReturnType<QueuesController[K]>>;

export const QueueList = component(
  'QueueList',
  z.object({
    items: z.array(
      z.object({
        name: z.string().describe('pull, or deliver.<destination>'),
        paused: z.boolean(),
        counts: z
          .record(z.string(), z.number().int())
          .describe('Jobs per state: waiting, active, delayed, failed, completed, paused, prioritized'),
      }),
    ),
  }),
);

export const QueuePaused = component('QueuePaused', z.object({ name: z.string(), paused: z.boolean() }));

export const QueueCleaned = component(
  'QueueCleaned',
  z.object({ name: z.string(), removed: z.number().int().describe('Completed jobs removed') }),
);

documents<Answer<'list'>, typeof QueueList>(true);
documents<Answer<'pause'>, typeof QueuePaused>(true);
documents<Answer<'resume'>, typeof QueuePaused>(true);
documents<Answer<'clean'>, typeof QueueCleaned>(true);
