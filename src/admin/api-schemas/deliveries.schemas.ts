import { z } from 'zod';
import type { DeliveriesController } from '../deliveries.controller';
import type { ErrorsController } from '../errors.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof DeliveriesController> = Awaited<ReturnType<DeliveriesController[K]>>;

const time = z.iso.datetime();
const DELIVERY_STATUS = ['pending', 'done', 'dead', 'skipped'] as const;

export const Delivery = component(
  'Delivery',
  z
    .object({
      id: z.string(),
      recordId: z.string(),
      recordVersion: z.number().int(),
      routeId: z.string(),
      destinationConnectionId: z.string(),
      entity: z.string().describe('What the destination writes: invoice, customer, stock-level, ...'),
      status: z.enum(DELIVERY_STATUS),
      attempts: z.number().int().describe('Failed attempts so far'),
      lastError: z.string().nullable(),
      errorCode: z.string().nullable().describe('TRANSIENT, REJECTED, MAPPING, SKIPPED_BY_OPERATOR, ...'),
      targetId: z.string().nullable().describe("The record's id in the destination, once delivered"),
      createdAt: time,
      updatedAt: time,
      deliveredAt: time.nullable(),
      occurredAt: time.nullable().describe('When the business event happened (from the record)'),
      overrides: z
        .record(z.string(), z.unknown())
        .nullable()
        .describe('Payload overrides set with edit-and-retry ({ "<dotted path>": value }), or null'),
    })
    .describe('One delivery of one record version along one route to one destination'),
);

export const DeliveryPage = component(
  'DeliveryPage',
  z.object({ items: z.array(Delivery), total: z.number().int().describe('Matching deliveries, all pages') }),
);

export const DeliveryRetried = component(
  'DeliveryRetried',
  z.object({ id: z.string(), status: z.literal('pending') }),
);

export const DeliveriesRetried = component(
  'DeliveriesRetried',
  z.object({
    count: z.number().int().describe('Deliveries put back on their queue'),
    more: z.boolean().describe('More matched than one call retries (10,000): call again'),
  }),
);

export const DeliveryEdited = component(
  'DeliveryEdited',
  z.object({ id: z.string(), status: z.literal('pending'), overrides: z.record(z.string(), z.unknown()) }),
);

export const DeliverySkipped = component(
  'DeliverySkipped',
  z.object({ id: z.string(), status: z.literal('skipped') }),
);

/** GET /api/v1/errors: failed deliveries grouped by destination and reason. */
export const DeliveryErrorGroups = component(
  'DeliveryErrorGroups',
  z.object({
    items: z.array(
      z.object({
        destinationConnectionId: z.string(),
        errorCode: z.string().nullable(),
        lastError: z.string().nullable().describe('The newest message of the group, as stored'),
        reason: z.string().nullable().describe('The message with per-record ids folded (the grouping key)'),
        count: z.number().int(),
        oldestAt: time,
        newestAt: time,
        sampleIds: z.array(z.string()).describe('A few delivery ids of the group'),
        retry: z
          .object({
            status: z.enum(['dead', 'skipped']),
            destination: z.string(),
            errorCode: z.string().optional(),
            reason: z.string().optional(),
          })
          .nullable()
          .describe('The body of POST /api/v1/deliveries/retry that retries the group (null for pending)'),
      }),
    ),
  }),
);

documents<Answer<'list'>, typeof DeliveryPage>(true);
documents<Answer<'get'>, typeof Delivery>(true);
documents<Answer<'retry'>, typeof DeliveryRetried>(true);
documents<Answer<'retryAll'>, typeof DeliveriesRetried>(true);
documents<Answer<'editAndRetry'>, typeof DeliveryEdited>(true);
documents<Answer<'skip'>, typeof DeliverySkipped>(true);
documents<Awaited<ReturnType<ErrorsController['list']>>, typeof DeliveryErrorGroups>(true);
