import { z } from 'zod';
import type { RecordsController } from '../records.controller';
import { Delivery } from './deliveries.schemas';
import { documents } from './same-shape';
import { component } from './zod-openapi';

type Answer<K extends keyof RecordsController> = Awaited<ReturnType<RecordsController[K]>>;

const time = z.iso.datetime();

export const LedgerRecord = component(
  'Record',
  z
    .object({
      id: z.string(),
      kind: z.string().describe('transaction, customer, product, stock-level, ...'),
      originConnectionId: z
        .string()
        .describe('The connection it was read from (poshub for golden customers)'),
      externalId: z.string().describe('Its id in the origin system'),
      version: z.number().int().describe('Current version; a new one each time its content changes'),
      sourceVersion: z.string().nullable(),
      sourceUpdatedAt: time.nullable().describe("The entity's own updatedAt for the current version"),
      contentHash: z.string(),
      occurredAt: time.nullable(),
      createdAt: time,
      updatedAt: time,
    })
    .describe('A canonical record as the ledger stores it (identity and bookkeeping, no data)'),
);

export const RecordList = component('RecordList', z.object({ items: z.array(LedgerRecord) }));

/** Where a record is known in one connection (the "binding"). */
export const RecordLink = component(
  'RecordLink',
  z.object({
    recordId: z.string(),
    connectionId: z.string(),
    kind: z.string(),
    externalId: z.string().describe("The record's id in that connection"),
    lastHash: z.string().nullable().describe('Content hash of the version last written to or read from it'),
    lastSyncedAt: time,
  }),
);

export const RecordHistory = component(
  'RecordHistory',
  LedgerRecord.extend({
    versions: z.array(
      z.object({
        version: z.number().int(),
        contentHash: z.string(),
        createdAt: time,
        data: z.unknown().describe('The canonical data of that version'),
      }),
    ),
    links: z.array(RecordLink),
    deliveries: z.array(Delivery).describe('Its deliveries, newest first (up to 500)'),
  }).describe('A record with every stored version, its links and its deliveries'),
);

documents<Answer<'search'>, typeof RecordList>(true);
documents<Answer<'get'>, typeof RecordHistory>(true);
