import { removeCustomer } from './square-customer.remover';
import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  type ConnectorInstance,
  type SourcePage,
  type SourceRecord,
} from '../../src/sdk';
import { readCatalog } from './square-catalog.reader';
import { fetchCustomers, readCustomers } from './square-customers.reader';
import { writeCustomer } from './square-customer.writer';
import { fetchOrders, readOrders } from './square-orders.reader';
import { readStock } from './square-stock.reader';
import { writeStock, writeStockBatch } from './square-stock.writer';
import { SquareClient } from './square.client';
import { SquareConfigSchema, squareBaseUrl, type SquareConfig } from './square.config';
import { SquareCustomerPayloadSchema, SquareStockPayloadSchema } from './square.payloads';
import { ListLocationsResponseSchema } from './square.schemas';
import { squareWebhook } from './square.webhook';

/**
 * Square POS: reads sales (orders), customers, catalog variations and stock; writes stock counts
 * and customers; verifies Square webhooks. See connectors/square/README.md for scopes and limits.
 */
export const square = defineConnector<SquareConfig>({
  manifest: {
    id: 'square',
    version: '1.0.0',
    displayName: 'Square',
    configSchema: SquareConfigSchema,
    streams: [
      {
        name: 'transactions',
        kind: 'transaction',
        defaultMapping: 'square/transaction',
        description: 'COMPLETED orders by updated_at window; return orders become refunds',
      },
      {
        name: 'customers',
        kind: 'customer',
        defaultMapping: 'square/customer',
        description: 'Customer profiles by updated_at window',
      },
      {
        name: 'products',
        kind: 'product',
        defaultMapping: 'square/product',
        description: 'Catalog ITEM_VARIATIONs (deleted ones included) since the last catalog time',
      },
      {
        name: 'stock',
        kind: 'stock',
        defaultMapping: 'square/stock',
        description: 'IN_STOCK inventory counts of the configured locations',
      },
    ],
    entities: [
      {
        name: 'stock',
        kind: 'stock',
        defaultMapping: 'square/stock-count',
        payloadSchema: SquareStockPayloadSchema,
        // BatchChangeInventory takes up to 100 changes per call.
        batch: { maxSize: 100, maxWaitMs: 50 },
        description: 'Absolute stock level as a PHYSICAL_COUNT inventory change',
      },
      {
        name: 'customer',
        kind: 'customer',
        defaultMapping: 'square/customer-write',
        payloadSchema: SquareCustomerPayloadSchema,
        description: 'Customer profile: sparse update, or create after searching email, phone, reference',
      },
    ],
    // Square publishes no numbers; this stays well under what sellers report being allowed.
    rateLimit: { requestsPerSecond: 10, burst: 20 },
    webhook: squareWebhook,
  },
  create(context): ConnectorInstance {
    const { config } = context;
    const client = new SquareClient(context);
    const unknown = (kind: string, name: string): never => {
      throw new RejectedError(`square has no ${kind} "${name}"`, { [kind]: name });
    };
    return {
      async check() {
        try {
          const res = await client.get('/v2/locations', ListLocationsResponseSchema);
          const known = new Set((res.locations ?? []).map((l) => l.id));
          const missing = config.locationIds.filter((id) => !known.has(id));
          if (missing.length > 0) {
            return {
              ok: false,
              message: `location ids not in this Square account: ${missing.join(', ')} (GET /v2/locations lists them)`,
            };
          }
          return { ok: true, message: `connected to ${squareBaseUrl(config)}` };
        } catch (err) {
          if (err instanceof AuthError) {
            return { ok: false, message: `Square refused the access token: ${err.message}` };
          }
          if (err instanceof ConnectorError) return { ok: false, message: err.message };
          throw err;
        }
      },
      read(stream: string, cursor: string | null): AsyncIterable<SourcePage> {
        switch (stream) {
          case 'transactions':
            return readOrders(client, cursor, { config });
          case 'customers':
            return readCustomers(client, cursor, { config });
          case 'products':
            return readCatalog(client, cursor, config);
          case 'stock':
            return readStock(client, cursor, config);
          default:
            return unknown('stream', stream);
        }
      },
      async fetch(stream: string, ids: readonly string[]): Promise<SourceRecord[]> {
        if (stream === 'transactions') return fetchOrders(client, ids);
        if (stream === 'customers') return fetchCustomers(client, ids);
        return unknown('fetchable stream', stream);
      },
      async write(entity, payload, options) {
        if (entity === 'stock') return writeStock(client, payload, options);
        if (entity === 'customer') return writeCustomer(client, payload, options);
        return unknown('entity', entity);
      },
      remove: (entity, options) => removeCustomer(client, entity, options),
      async writeBatch(entity, items) {
        if (entity === 'stock') return writeStockBatch(client, items);
        return unknown('batch entity', entity);
      },
    };
  },
});
