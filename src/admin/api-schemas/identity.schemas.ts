import { z } from 'zod';
import type { IdentityController } from '../identity.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof IdentityController> = Awaited<ReturnType<IdentityController[K]>>;

const time = z.iso.datetime();

export const IdentityReviews = component(
  'IdentityReviews',
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        recordId: z.string().describe('The customer record that matched more than one golden customer'),
        connectionId: z.string(),
        candidates: z.array(z.string()).describe('Golden customer ids it could join'),
        reason: z.string(),
        status: z.enum(['open', 'resolved']),
        resolution: z.string().nullable().describe('join:<goldenId> or separate:<goldenId>'),
        createdAt: time,
        resolvedAt: time.nullable(),
      }),
    ),
  }),
);

const actionFields = {
  goldenIds: z.array(z.string()).describe('The golden customers the action changed'),
  deliveries: z.number().int().describe('New deliveries queued for them'),
  duplicatesLeft: z
    .record(z.string(), z.string())
    .optional()
    .describe('Per connection, the object left behind at the target (a merge cannot delete it)'),
};

export const IdentityActionResult = component('IdentityActionResult', z.object(actionFields));

export const IdentityErasure = component(
  'IdentityErasure',
  z.object({
    ...actionFields,
    scrubbed: z.number().int().describe('Stored versions whose personal data was removed'),
  }),
);

export const GoldenCustomer = component(
  'GoldenCustomer',
  z.object({
    goldenId: z.string(),
    recordId: z.string().describe('Its ledger record (kind customer, origin poshub)'),
    version: z.number().int(),
    mergedInto: z.string().nullable(),
    data: z.unknown().describe('The canonical customer as poshub assembled it'),
    fieldSources: z.unknown().describe('Per field, which system and when it came from'),
    members: z.array(z.object({ recordId: z.string(), goldenId: z.string(), connectionId: z.string() })),
    links: z.array(z.object({ connectionId: z.string(), externalId: z.string(), lastSyncedAt: time })),
  }),
);

documents<Answer<'reviews'>, typeof IdentityReviews>(true);
documents<Answer<'resolve'>, typeof IdentityActionResult>(true);
documents<Answer<'merge'>, typeof IdentityActionResult>(true);
documents<Answer<'split'>, typeof IdentityActionResult>(true);
documents<Answer<'erase'>, typeof IdentityErasure>(true);
documents<Answer<'customer'>, typeof GoldenCustomer>(true);
