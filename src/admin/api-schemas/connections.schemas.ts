import { z } from 'zod';
import type { ConnectionsController } from '../connections.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof ConnectionsController> = Awaited<ReturnType<ConnectionsController[K]>>;

const time = z.iso.datetime();

export const Connection = component(
  'Connection',
  z
    .object({
      id: z.string(),
      connector: z.string().describe('Connector id: square, odoo, hubspot, ...'),
      source: z.enum(['file', 'api']).describe('file: from poshub.yaml (read-only here); api: created here'),
      config: z
        .unknown()
        .describe(
          'The connector\'s config with every secret as "[redacted]"; null when the connector is not installed',
        ),
      paused: z.boolean(),
      status: z.string().describe("'ok' unless something flagged it: auth_failed, error, ..."),
      statusMessage: z.string().nullable(),
      createdAt: time,
      updatedAt: time,
    })
    .describe('A connection as the API shows it: secrets are write-only and never come back'),
);

export const ConnectionList = component('ConnectionList', z.object({ items: z.array(Connection) }));

export const ConnectionCheck = component(
  'ConnectionCheck',
  z.object({
    id: z.string(),
    ok: z.boolean(),
    message: z.string().describe('Short human message; on failure, what to fix'),
  }),
);

documents<Answer<'list'>, typeof ConnectionList>(true);
documents<Answer<'get'>, typeof Connection>(true);
documents<Answer<'create'>, typeof Connection>(true);
documents<Answer<'update'>, typeof Connection>(true);
documents<Answer<'check'>, typeof ConnectionCheck>(true);
documents<Answer<'pause'>, typeof Connection>(true);
documents<Answer<'resume'>, typeof Connection>(true);
