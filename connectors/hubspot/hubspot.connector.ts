import { removeContact } from './hubspot-remove';
import {
  RejectedError,
  defineConnector,
  type BatchItem,
  type BatchItemResult,
  type ConnectorInstance,
  type SourcePage,
  type SourceRecord,
  type RemoveOptions,
  type WriteOptions,
  type WriteResult,
} from '../../src/sdk';
import { writeBehaviours } from './hubspot-behaviour.writer';
import { writeContacts, type WriterDeps } from './hubspot-contact.writer';
import { fetchCustomers, readCustomers } from './hubspot-customers.reader';
import { writeDeals } from './hubspot-refund.writer';
import { runCheck, runSetup } from './hubspot-setup';
import { HubSpotClient } from './hubspot.client';
import { HubSpotConfigSchema, type HubSpotConfig } from './hubspot.config';
import { ContactBehaviourPayloadSchema, ContactPayloadSchema, DealPayloadSchema } from './hubspot.payloads';
import { hubspotWebhook } from './hubspot.webhook';

// HubSpot batch endpoints take 100 inputs; a short wait gathers concurrent deliveries into one call.
const BATCH = { maxSize: 100, maxWaitMs: 200 } as const;

/**
 * HubSpot CRM: writes customers as contacts (plus their POS behaviour), sales as deals with line
 * items and contact associations, refunds per `refundPolicy`; reads contacts back as customers;
 * verifies v3-signed webhooks. See connectors/hubspot/README.md.
 */
export const hubspot = defineConnector<HubSpotConfig>({
  manifest: {
    id: 'hubspot',
    version: '1.0.0',
    displayName: 'HubSpot',
    configSchema: HubSpotConfigSchema,
    streams: [
      {
        name: 'customers',
        kind: 'customer',
        defaultMapping: 'hubspot/customer',
        description: 'Contacts by lastmodifieddate (CRM search, keyset pages)',
      },
    ],
    entities: [
      {
        name: 'contact',
        kind: 'customer',
        defaultMapping: 'hubspot/contact',
        payloadSchema: ContactPayloadSchema,
        batch: BATCH,
        description: 'Contact upserted by poshub_customer_id; an existing contact with the email is adopted',
      },
      {
        name: 'contact_behaviour',
        kind: 'customer-behaviour',
        defaultMapping: 'hubspot/contact-behaviour',
        payloadSchema: ContactBehaviourPayloadSchema,
        batch: BATCH,
        description: 'POS spend, order count, dates, location and favourite product on the contact',
      },
      {
        name: 'deal',
        kind: 'transaction',
        defaultMapping: 'hubspot/deal',
        payloadSchema: DealPayloadSchema,
        batch: BATCH,
        description: 'Sale as a deal with line items and its contact; refunds per refundPolicy',
      },
    ],
    // Free/Starter accounts allow 100 requests per rolling 10 s: a bucket of 10 refilled at 9/s
    // never sends more than 10 + 9 × 10 = 100 in any 10 s. Raise it per connection in poshub.yaml.
    rateLimit: { requestsPerSecond: 9, burst: 10 },
    webhook: hubspotWebhook,
  },
  create(context): ConnectorInstance {
    const { config } = context;
    const client = new HubSpotClient(context);
    let setupDone: Promise<void> | undefined;
    let accountAsked = false;
    const deps: WriterDeps = {
      client,
      config,
      ready() {
        // The account time zone tells when daily limits reset; without it the client assumes UTC.
        if (!accountAsked) {
          accountAsked = true;
          void client.accountInfo().catch(() => undefined);
        }
        if (!config.autoSetup) return Promise.resolve();
        // Once per instance; a failed setup is tried again by the next write.
        setupDone ??= runSetup(client, config).then(
          () => undefined,
          (err: unknown) => {
            setupDone = undefined;
            throw err;
          },
        );
        return setupDone;
      },
    };
    const unknown = (kind: string, name: string): never => {
      throw new RejectedError(`hubspot has no ${kind} "${name}"`, { [kind]: name });
    };
    const writeBatch = (entity: string, items: readonly BatchItem[]): Promise<BatchItemResult[]> => {
      if (entity === 'contact') return writeContacts(deps, items);
      if (entity === 'contact_behaviour') return writeBehaviours(deps, items);
      if (entity === 'deal') return writeDeals(deps, context.exclusive, items);
      return unknown('entity', entity);
    };
    return {
      check: () => runCheck(client, config, context.connectionId),
      setup: () => runSetup(client, config),
      read(stream: string, cursor: string | null): AsyncIterable<SourcePage> {
        if (stream === 'customers') return readCustomers(client, cursor, config);
        return unknown('stream', stream);
      },
      async fetch(stream: string, ids: readonly string[]): Promise<SourceRecord[]> {
        if (stream === 'customers') return fetchCustomers(client, ids, config);
        return unknown('fetchable stream', stream);
      },
      async write(entity: string, payload: unknown, options: WriteOptions): Promise<WriteResult> {
        const [outcome] = await writeBatch(entity, [{ payload, options }]);
        if (!outcome!.ok) throw outcome!.error;
        return outcome!.result;
      },
      writeBatch,
      remove: (entity: string, options: RemoveOptions) => removeContact(client, entity, options),
    };
  },
});
