import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ApiError } from './api-error.filter';
import { ApiAnswer, ApiErrors, ApiProtected, ApiZodQuery } from './api-schemas/api-docs.decorators';
import { RecordHistory, RecordList } from './api-schemas/records.schemas';
import { parseQuery } from './parse-query';

const SearchQuery = z
  .object({
    kind: z.string().min(1).optional(),
    externalId: z.string().min(1).optional(),
    email: z.string().min(3).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => q.kind || q.externalId || q.email, {
    message: 'give at least one of kind, externalId, email',
    path: ['kind'],
  });

/** Canonical records: find them, and see each version and where it was delivered. */
@ApiTags('records')
@ApiProtected()
@Controller('api/v1/records')
export class RecordsController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @ApiOperation({ summary: 'Find records by kind, external id and/or customer email' })
  @ApiZodQuery(SearchQuery, {
    kind: 'transaction, customer, product, stock-level, ... (give at least one of kind, externalId, email)',
    externalId: 'the id in its origin system (any origin)',
    email: "a customer's email, or a sale's customer email",
  })
  @ApiAnswer(200, RecordList, 'Matching records, newest first')
  @ApiErrors([400, 'BAD_REQUEST: none of kind, externalId, email given, or an invalid parameter'])
  async search(@Query() query: unknown) {
    const q = parseQuery(SearchQuery, query);
    return { items: await this.ledger.records.search(q) };
  }

  /** The record, every stored version, its links (target ids per system) and its deliveries. */
  @Get(':id')
  @ApiOperation({ summary: "A record's history, links and deliveries" })
  @ApiAnswer(200, RecordHistory, 'The record with its versions, links and deliveries')
  @ApiErrors(404)
  async get(@Param('id') id: string) {
    const record = await this.ledger.records.get(id);
    if (!record) throw new ApiError(404, 'NOT_FOUND', `no record ${id}`);
    const [versions, links, deliveries] = await Promise.all([
      this.ledger.records.history(id),
      this.ledger.links.listForRecord(id),
      this.ledger.deliveries.list({ recordId: id, limit: 500 }),
    ]);
    return {
      ...record,
      versions: versions.map((v) => ({
        version: v.version,
        contentHash: v.contentHash,
        createdAt: v.createdAt,
        data: v.data,
      })),
      links,
      deliveries: deliveries.items,
    };
  }
}
