import { removeCustomer } from './odoo-customer.remover';
import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  type ConnectorInstance,
  type SourcePage,
} from '../../src/sdk';
import { writeCustomer } from './odoo-customer.writer';
import { writeProduct } from './odoo-product.writer';
import { writeStock } from './odoo-stock.writer';
import { writeTransaction } from './odoo-transaction.writer';
import { OdooClient } from './odoo.client';
import { OdooConfigSchema, odooBaseUrl, type OdooConfig } from './odoo.config';
import {
  OdooCustomerPayloadSchema,
  OdooProductPayloadSchema,
  OdooStockPayloadSchema,
  OdooTransactionPayloadSchema,
} from './odoo.payloads';
import { CUSTOMERS_STREAM, PRODUCTS_STREAM, readModel, readStock } from './odoo.readers';
import { OdooResolver } from './odoo.resolver';

/**
 * Odoo (16–18 over JSON-RPC, 19+ over JSON-2): writes POS sales and refunds as sale orders or
 * invoices and credit notes with their payments, customers as partners, links products by SKU and
 * sets stock counts; reads stock quants, partners and products by write_date.
 * See connectors/odoo/README.md for versions, user rights and lookups.
 */
export const odoo = defineConnector<OdooConfig>({
  manifest: {
    id: 'odoo',
    version: '1.1.0',
    displayName: 'Odoo',
    configSchema: OdooConfigSchema,
    streams: [
      {
        name: 'stock',
        kind: 'stock',
        defaultMapping: 'odoo/stock',
        description: 'stock.quant on internal locations by write_date',
      },
      {
        name: 'customers',
        kind: 'customer',
        defaultMapping: 'odoo/customer',
        description: 'res.partner by write_date',
      },
      {
        name: 'products',
        kind: 'product',
        defaultMapping: 'odoo/product',
        description: 'product.product by write_date',
      },
    ],
    entities: [
      {
        name: 'customer',
        kind: 'customer',
        defaultMapping: 'odoo/customer-write',
        payloadSchema: OdooCustomerPayloadSchema,
        description: 'res.partner keyed by ref = poshub reference, else matched by email',
      },
      {
        name: 'product',
        kind: 'product',
        defaultMapping: 'odoo/product-write',
        payloadSchema: OdooProductPayloadSchema,
        description: 'product.product linked by default_code (created only with createMissingProducts)',
      },
      {
        name: 'transaction',
        kind: 'transaction',
        defaultMapping: 'odoo/transaction',
        payloadSchema: OdooTransactionPayloadSchema,
        description: 'per-sale sale.order or out_invoice, credit note for refunds, payments per tender',
      },
      {
        name: 'stock',
        kind: 'stock',
        defaultMapping: 'odoo/stock-write',
        payloadSchema: OdooStockPayloadSchema,
        description: 'stock.quant inventory_quantity in inventory mode, then action_apply_inventory',
      },
    ],
    // Odoo has no rate limiter; this keeps one connection from monopolising its workers.
    rateLimit: { requestsPerSecond: 20, burst: 40 },
  },
  create(context): ConnectorInstance {
    const { config } = context;
    const client = new OdooClient(context);
    const resolver = new OdooResolver(client, config, context.exclusive);
    const unknown = (kind: string, name: string): never => {
      throw new RejectedError(`odoo has no ${kind} "${name}"`, { [kind]: name });
    };
    return {
      async check() {
        try {
          const transport = await client.transport();
          const uid = await client.authenticate();
          return {
            ok: true,
            message: `connected to ${odooBaseUrl(config)} database ${config.database} as user ${uid} over ${transport.name}`,
          };
        } catch (err) {
          if (err instanceof AuthError)
            return { ok: false, message: `Odoo refused the API key: ${err.message}` };
          if (err instanceof ConnectorError) return { ok: false, message: err.message };
          throw err;
        }
      },
      read(stream: string, cursor: string | null): AsyncIterable<SourcePage> {
        switch (stream) {
          case 'stock':
            return readStock(client, cursor, config.pageSize);
          case 'customers':
            return readModel(client, CUSTOMERS_STREAM, cursor, config.pageSize);
          case 'products':
            return readModel(client, PRODUCTS_STREAM, cursor, config.pageSize);
          default:
            return unknown('stream', stream);
        }
      },
      remove: (entity, options) => removeCustomer(client, entity, options),
      async write(entity, payload, options) {
        switch (entity) {
          case 'customer':
            return writeCustomer(client, context.exclusive, payload, options, config.companyId);
          case 'product':
            return writeProduct(client, context.exclusive, payload, options, config.createMissingProducts);
          case 'transaction':
            return writeTransaction({ client, resolver, config }, payload, options);
          case 'stock':
            return writeStock(client, resolver, payload);
          default:
            return unknown('entity', entity);
        }
      },
    };
  },
});
