import { z } from 'zod';
import type { AuditController } from '../audit.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

export const AuditPage = component(
  'AuditPage',
  z.object({
    items: z.array(
      z.object({
        id: z.number().int(),
        at: z.iso.datetime(),
        actor: z.string().describe('admin, admin:<name>, viewer, cli:<user>, system, ...'),
        action: z.string().describe('delivery.retry, connection.update, stream.reset, queue.pause, ...'),
        target: z.string(),
        details: z.unknown().describe('JSON facts of the action; never secrets'),
      }),
    ),
    total: z.number().int(),
  }),
);

documents<Awaited<ReturnType<AuditController['list']>>, typeof AuditPage>(true);
