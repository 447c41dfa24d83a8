import {
  createConnectorContext,
  type BatchItem,
  type ConnectorInstance,
  type ConnectorRuntime,
  type RateLimitPolicy,
} from '../../src/sdk';
import type { HubSpotSimulator } from './simulator/hubspot-simulator';
import { hubspot } from './hubspot.connector';
import { HubSpotConfigSchema } from './hubspot.config';
import type { DealPayload } from './hubspot.payloads';

/*
 * Test helpers for the HubSpot connector against the simulator (real HTTP on loopback, no mocks).
 */

/** A raw config for `sim`, with overrides. */
export function simConfig(
  sim: HubSpotSimulator,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { baseUrl: sim.url, accessToken: sim.accessToken, clientSecret: sim.clientSecret, ...overrides };
}

/** A connector instance wired as the hub wires it (optionally with a governor and a rate override). */
export function simInstance(
  sim: HubSpotSimulator,
  overrides: Record<string, unknown> = {},
  runtime: ConnectorRuntime = {},
  connection: { connectionId?: string; rateLimit?: RateLimitPolicy } = {},
): ConnectorInstance {
  const config = HubSpotConfigSchema.parse(simConfig(sim, overrides));
  const context = createConnectorContext(
    hubspot.manifest,
    { connectionId: connection.connectionId ?? 'hs-test', config, rateLimit: connection.rateLimit },
    runtime,
  );
  return hubspot.create(context);
}

/** A batch item with `reference` and a derived idempotency key. */
export function item(payload: unknown, reference: string): BatchItem {
  return { payload, options: { reference, idempotencyKey: `${reference}:v1` } };
}

/** A contact payload for customer `n`. */
export function contactPayload(
  n: number,
  extra: Record<string, string> = {},
): { properties: Record<string, string> } {
  return {
    properties: {
      firstname: `First${n}`,
      lastname: `Last${n}`,
      email: `Customer.${n}@Example.com`,
      ...extra,
    },
  };
}

/** A USD sale of two lines (total 11.50 with the tax line) for deal tests. */
export function salePayload(n: number, contactId?: string): DealPayload {
  return {
    kind: 'sale',
    properties: {
      dealname: `Store - receipt ${n}`,
      amount: '11.50',
      deal_currency_code: 'USD',
      closedate: '2025-03-03T15:00:00.000Z',
    },
    lineItems: [
      { key: 'L1', properties: { name: 'Latte', quantity: '2', price: '4.50', hs_sku: 'SKU-001' } },
      { key: 'tax', properties: { name: 'Tax', quantity: '1', price: '2.50' } },
    ],
    ...(contactId ? { contactId } : {}),
  };
}

/** A USD refund of 4.68 (one line and tax) of the sale written as `originalDealId`. */
export function refundPayload(originalDealId?: string): DealPayload {
  return {
    kind: 'refund',
    properties: {
      dealname: 'Store - receipt R1',
      amount: '4.68',
      deal_currency_code: 'USD',
      closedate: '2025-03-04T15:00:00.000Z',
    },
    lineItems: [
      { key: 'L1', properties: { name: 'Croissant', quantity: '1', price: '4.25' } },
      { key: 'tax', properties: { name: 'Tax', quantity: '1', price: '0.43' } },
    ],
    ...(originalDealId ? { originalDealId } : {}),
  };
}
