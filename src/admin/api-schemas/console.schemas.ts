import { z } from 'zod';
import type { ConsoleDataController } from '../console-data.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

export const ConsoleOverview = component(
  'ConsoleOverview',
  z.object({
    generatedAt: z.iso.datetime(),
    connections: z.array(
      z.object({
        id: z.string(),
        connector: z.string(),
        roles: z.array(z.enum(['source', 'destination'])),
        health: z.enum(['auth_failed', 'paused', 'failing', 'lagging', 'ok']),
        healthReason: z.string().nullable(),
        lastSuccessfulSync: z.iso.datetime().nullable(),
        lagSeconds: z
          .number()
          .nullable()
          .describe(
            'Source: since the last read (null before the first). Destination: age of the oldest pending delivery, 0 when none waits',
          ),
        throughputPerMinute: z.number().describe('Over the last 15 minutes'),
        pending: z.number().int(),
        dead: z.number().int(),
        quarantined: z.number().int(),
        queuePaused: z.boolean(),
        errors: z
          .array(
            z.object({
              errorCode: z.string().nullable(),
              lastError: z.string().nullable(),
              count: z.number().int(),
            }),
          )
          .describe('Dead deliveries grouped by error, largest first'),
      }),
    ),
  }),
);

documents<Awaited<ReturnType<ConsoleDataController['get']>>, typeof ConsoleOverview>(true);
