import { z } from 'zod';
import type { ReconciliationController } from '../reconciliation.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

const count = z.number().int();
const amount = z.number().describe('In major units of the currency');

const Totals = z.object({
  currency: z.string(),
  transactions: count,
  sales: z.object({ count, amount }),
  refunds: z.object({ count, amount }),
  voids: count,
  net: amount.describe('Sales minus refunds'),
  tax: amount.describe('Tax of sales minus tax of refunds'),
  tenders: z.record(z.string(), z.number()).describe('Net amount per tender type (card, cash, ...)'),
});

const Item = z.object({
  problem: z.enum(['missing', 'differing']).describe('missing: never delivered; differing: an older version'),
  recordId: z.string(),
  externalId: z.string(),
  kind: z.string(),
  receiptNumber: z.string().nullable(),
  occurredAt: z.string(),
  total: z.number(),
  currency: z.string(),
  routeId: z.string(),
  currentVersion: count.describe('The version the ledger holds now'),
  deliveredVersion: count.nullable().describe('The newest version the destination received'),
  deliveryStatus: z.enum(['pending', 'done', 'dead', 'skipped', 'none']),
  lastError: z.string().nullable(),
  reason: z.string().describe('Human-readable explanation'),
});

export const ReconciliationReport = component(
  'ReconciliationReport',
  z
    .object({
      date: z.string().describe('The business day, YYYY-MM-DD'),
      generatedAt: z.iso.datetime(),
      ok: z.boolean(),
      missing: count,
      differing: count,
      locations: z.array(
        z.object({
          source: z.string(),
          location: z.string(),
          timezone: z.string(),
          from: z.iso.datetime().describe('Start of the business day (inclusive)'),
          to: z.iso.datetime().describe('End of the business day (exclusive)'),
          pos: Totals,
          destinations: z.array(
            z.object({
              destination: z.string(),
              routes: z.array(z.string()),
              posting: z.enum(['per-sale', 'daily-summary']),
              expected: count.describe('Transactions the routes take (after their filters)'),
              delivered: count.describe('Of those, delivered at their current version'),
              deliveredTotals: Totals,
              expectedTotals: Totals,
              ok: z.boolean(),
              items: z.array(Item),
            }),
          ),
          ok: z.boolean(),
        }),
      ),
    })
    .describe('POS totals of a business day per location against what each destination received'),
);

documents<Awaited<ReturnType<ReconciliationController['reconcile']>>, typeof ReconciliationReport>(true);
