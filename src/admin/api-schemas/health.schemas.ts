import { z } from 'zod';
import type { HealthController } from '../health.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

export const Live = component('Live', z.object({ status: z.literal('ok') }));

export const Ready = component(
  'Ready',
  z.object({
    status: z.literal('ok'),
    checks: z.record(z.string(), z.string()).describe('Per dependency (redis, database): "ok"'),
  }),
);

documents<ReturnType<HealthController['live']>, typeof Live>(true);
documents<Awaited<ReturnType<HealthController['ready']>>, typeof Ready>(true);
