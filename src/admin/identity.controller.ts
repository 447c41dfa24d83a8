import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { IdentityActionError, IdentityAdminService } from '../pipeline/identity/identity-admin.service';
import { GOLDEN_ORIGIN } from '../pipeline/identity/identity.service';
import { Actor } from './actor.decorator';
import { ApiError } from './api-error.filter';
import {
  ApiAnswer,
  ApiErrors,
  ApiJsonBody,
  ApiProtected,
  ApiZodQuery,
} from './api-schemas/api-docs.decorators';
import {
  GoldenCustomer,
  IdentityActionResult,
  IdentityErasure,
  IdentityReviews,
} from './api-schemas/identity.schemas';
import { parseBody } from './parse-body';
import { parseQuery } from './parse-query';

const ReviewsQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const ResolveBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('join'), goldenId: z.string().min(1) }),
  z.strictObject({ action: z.literal('separate') }),
]);
const MergeBody = z.strictObject({ survivor: z.string().min(1), merged: z.string().min(1) });
const SplitBody = z.strictObject({ recordId: z.string().min(1) });

/** Golden customers: look one up, settle the review list, merge and split. */
@ApiTags('identity')
@ApiProtected()
@Controller('api/v1/identity')
export class IdentityController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly admin: IdentityAdminService,
  ) {}

  @Get('reviews')
  @ApiOperation({ summary: 'The review list: customer records that matched more than one golden customer' })
  @ApiZodQuery(ReviewsQuery)
  @ApiAnswer(200, IdentityReviews, 'Reviews, newest first')
  @ApiErrors(400)
  async reviews(@Query() query: unknown) {
    const q = parseQuery(ReviewsQuery, query);
    return { items: await this.ledger.identity.listReviews(q.status, q.limit) };
  }

  @Post('reviews/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Settle a review: join a golden customer, or separate into a new one' })
  @ApiJsonBody(ResolveBody)
  @ApiAnswer(200, IdentityActionResult, 'What changed')
  @ApiErrors(
    400,
    403,
    [404, 'NOT_FOUND: no such review or golden customer'],
    [409, 'CONFLICT: the review is resolved, or the golden customer was merged'],
  )
  async resolve(@Param('id') id: string, @Body() body: unknown, @Actor() actor: string) {
    return this.act(() => this.admin.resolveReview(id, parseBody(ResolveBody, body), actor));
  }

  @Post('merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge one golden customer into another' })
  @ApiJsonBody(MergeBody)
  @ApiAnswer(200, IdentityActionResult, 'What changed')
  @ApiErrors(
    400,
    403,
    [404, 'NOT_FOUND: no such golden customer'],
    [409, 'CONFLICT: the same customer twice, or one was merged already'],
  )
  async merge(@Body() body: unknown, @Actor() actor: string) {
    const { survivor, merged } = parseBody(MergeBody, body);
    return this.act(() => this.admin.merge(survivor, merged, actor));
  }

  @Post('split')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a record out of its golden customer into a new one' })
  @ApiJsonBody(SplitBody)
  @ApiAnswer(200, IdentityActionResult, 'What changed')
  @ApiErrors(
    400,
    403,
    [404, 'NOT_FOUND: the record belongs to no golden customer'],
    [409, 'CONFLICT: it is the only record of its golden customer'],
  )
  async split(@Body() body: unknown, @Actor() actor: string) {
    const { recordId } = parseBody(SplitBody, body);
    return this.act(() => this.admin.split(recordId, actor));
  }

  /** GDPR erasure: removes the person from every connected system and from the ledger's data. */
  @Post('customers/:goldenId/erase')
  @HttpCode(200)
  @ApiOperation({ summary: 'GDPR erasure of a golden customer, in every system and in the ledger' })
  @ApiAnswer(200, IdentityErasure, 'What changed and how many stored versions were scrubbed')
  @ApiErrors(403, 404, [409, 'CONFLICT: the golden customer was merged into another'])
  async erase(@Param('goldenId') goldenId: string, @Actor() actor: string) {
    return this.act(() => this.admin.erase(goldenId, actor));
  }

  /** A golden customer with its data, member records and where it is linked in each system. */
  @Get('customers/:goldenId')
  @ApiOperation({ summary: 'A golden customer: data, field sources, member records and links' })
  @ApiAnswer(200, GoldenCustomer, 'The golden customer')
  @ApiErrors(404)
  async customer(@Param('goldenId') goldenId: string) {
    const state = await this.ledger.identity.golden(goldenId);
    const record = await this.ledger.records.findByExternalId('customer', GOLDEN_ORIGIN, goldenId);
    if (!state || !record) throw new ApiError(404, 'NOT_FOUND', `no golden customer ${goldenId}`);
    const current = await this.ledger.records.getCurrent(record.id);
    return {
      goldenId,
      recordId: record.id,
      version: record.version,
      mergedInto: state.mergedInto,
      data: current?.data,
      fieldSources: state.stamps,
      members: await this.ledger.identity.members(goldenId),
      links: (await this.ledger.links.listForRecord(record.id)).map((l) => ({
        connectionId: l.connectionId,
        externalId: l.externalId,
        lastSyncedAt: l.lastSyncedAt,
      })),
    };
  }

  private async act<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof IdentityActionError) {
        throw new ApiError(err.status, err.status === 404 ? 'NOT_FOUND' : 'CONFLICT', err.message);
      }
      throw err;
    }
  }
}
