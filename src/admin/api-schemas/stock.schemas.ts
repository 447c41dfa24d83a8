import { z } from 'zod';
import type { AlertsController } from '../alerts.controller';
import type { ReportsController } from '../reports.controller';
import { documents } from './same-shape';
import { component } from './zod-openapi';

const quantity = z.string().describe('A decimal quantity as text ("12", "-3", "2.5")');
const time = z.iso.datetime();

export const Alerts = component(
  'Alerts',
  z.object({
    items: z.array(
      z.object({
        type: z.string().describe('low-stock (the only alert today)'),
        sku: z.string(),
        connection: z.string(),
        location: z.string(),
        quantity,
        threshold: quantity,
        since: time.describe('When the figure went (and stayed) at or below the threshold'),
      }),
    ),
    total: z.number().int().describe('Alerts before the limit'),
  }),
);

const side = z.object({ quantity, countedAt: time }).nullable();

export const StockDrift = component(
  'StockDrift',
  z.object({
    items: z.array(
      z.object({
        sku: z.string(),
        erpLocation: z.string(),
        posLocations: z.array(z.string()),
        pos: side.describe('Sum of the POS figures of posLocations; null when the POS has none'),
        erp: side,
        difference: quantity.nullable().describe('pos - erp; null when a side is missing'),
        inFlight: quantity.describe('Net quantity of POS sales not delivered to the ERP yet'),
        unexplained: quantity.nullable().describe('pos - (erp - inFlight); "0" when in sync'),
        ageSeconds: z.number().int().nullable().describe('Age of the older figure, in seconds'),
      }),
    ),
    total: z.number().int().describe('Rows before the limit'),
  }),
);

documents<Awaited<ReturnType<AlertsController['list']>>, typeof Alerts>(true);
documents<Awaited<ReturnType<ReportsController['stockDrift']>>, typeof StockDrift>(true);
