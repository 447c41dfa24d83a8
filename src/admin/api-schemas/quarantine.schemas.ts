import { z } from 'zod';
import type { QuarantineController } from '../quarantine.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

export const QuarantinePage = component(
  'QuarantinePage',
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        connectionId: z.string(),
        stream: z.string(),
        externalId: z.string().nullable(),
        reason: z.string().describe('Why it failed mapping or validation'),
        payload: z.unknown().describe('The source payload as received'),
        payloadHash: z.string(),
        createdAt: z.iso.datetime(),
        resolvedAt: z.iso.datetime().nullable(),
      }),
    ),
    total: z.number().int(),
  }),
);

documents<Awaited<ReturnType<QuarantineController['list']>>, typeof QuarantinePage>(true);
