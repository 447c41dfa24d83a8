import { z } from 'zod';
import type { WebhooksController } from '../../webhooks/webhooks.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

export const WebhookReceipt = component(
  'WebhookReceipt',
  z.object({
    received: z.number().int().describe('Events the request carried'),
    duplicates: z.number().int().describe('Of those, already received before (processed once)'),
    ignored: z.number().int().describe('Of those, for a stream no route reads'),
  }),
);

/** The body a vendor posts, in its own format: an event object (Square) or an array of events (HubSpot). */
export const WebhookPayload = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .describe(
    "The vendor's own event JSON (an object, or an array of events), verified over the raw bytes " +
      "with the connector's signature scheme",
  );

documents<Awaited<ReturnType<WebhooksController['receive']>>, typeof WebhookReceipt>(true);
