import { Inject, Injectable } from '@nestjs/common';
import { LEDGER, POSHUB_CONFIG } from '../../app/tokens';
import { contentHash } from '../../canonical';
import type { PoshubConfig } from '../../config';
import type { Ledger } from '../../ledger';
import { QueueService } from '../../queue/queue.service';
import { deliveryPolicyOf } from '../delivery-policy';
import { GOLDEN_ORIGIN, IdentityService, type GoldenDeliveryRow } from './identity.service';

/** A refusal an operator can act on (the API turns it into a 4xx). */
export class IdentityActionError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** What an admin action changed. */
export interface IdentityActionResult {
  readonly goldenIds: readonly string[];
  /** New deliveries queued for the changed golden customers. */
  readonly deliveries: number;
  /** Per connection, objects left behind at the target (a merge cannot delete a system's duplicate). */
  readonly duplicatesLeft?: Readonly<Record<string, string>>;
}

/**
 * The operator's side of identity resolution: merge two golden customers, split a record off into
 * a customer of its own, resolve a review. Every action is one ledger transaction with its audit
 * entry; the changed golden customers are delivered again like any other change.
 */
@Injectable()
export class IdentityAdminService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly identity: IdentityService,
    private readonly queues: QueueService,
  ) {}

  /**
   * Moves every member record of `mergedId` to `survivorId`, re-points the target links that the
   * survivor does not have yet, marks `mergedId` as merged, and rebuilds the survivor. Sales that
   * name any of those records resolve to the survivor from then on.
   */
  async merge(survivorId: string, mergedId: string, actor: string): Promise<IdentityActionResult> {
    if (survivorId === mergedId) throw new IdentityActionError(409, 'cannot merge a customer into itself');
    return this.run(async (tx) => {
      const [survivor, merged] = await Promise.all([this.active(tx, survivorId), this.active(tx, mergedId)]);
      const duplicatesLeft: Record<string, string> = {};
      for (const member of await tx.identity.members(mergedId)) {
        await tx.identity.setMember({ ...member, goldenId: survivorId });
      }
      for (const link of await tx.links.listForRecord(merged)) {
        const held = await tx.links.get(survivor, link.connectionId);
        await tx.links.remove(merged, link.connectionId);
        if (held) duplicatesLeft[link.connectionId] = link.externalId;
        else await tx.links.upsert({ ...link, recordId: survivor, lastHash: null });
      }
      await tx.identity.markMerged(mergedId, survivorId);
      const rows = await this.identity.rebuild(tx, survivorId);
      await tx.audit.append({
        actor,
        action: 'identity.merge',
        target: survivorId,
        details: { merged: mergedId, duplicatesLeft },
      });
      return { goldenIds: [survivorId], rows, duplicatesLeft };
    });
  }

  /** Takes one record out of its golden customer into a new golden customer of its own. */
  async split(recordId: string, actor: string): Promise<IdentityActionResult> {
    return this.run(async (tx) => {
      const member = await tx.identity.memberOf(recordId);
      if (!member) throw new IdentityActionError(404, `record ${recordId} belongs to no golden customer`);
      const remaining = (await tx.identity.members(member.goldenId)).filter((m) => m.recordId !== recordId);
      if (remaining.length === 0) {
        throw new IdentityActionError(409, `record ${recordId} is the only record of ${member.goldenId}`);
      }
      const goldenId = await tx.identity.createGolden();
      await tx.identity.setMember({ ...member, goldenId });
      // The system's object that record stands for now belongs to the new customer.
      const old = await this.identity.goldenRecordId(tx, member.goldenId);
      const external = await tx.records.get(recordId);
      if (old && external) {
        const link = await tx.links.get(old, member.connectionId);
        if (link?.externalId === external.externalId) await tx.links.remove(old, member.connectionId);
      }
      const rows = [
        ...(await this.identity.rebuild(tx, member.goldenId)),
        ...(await this.identity.rebuild(tx, goldenId)),
      ];
      const created = await this.identity.goldenRecordId(tx, goldenId);
      if (created && external) {
        await tx.links.upsert({
          recordId: created,
          connectionId: member.connectionId,
          kind: 'customer',
          externalId: external.externalId,
          lastHash: null,
        });
      }
      await tx.audit.append({
        actor,
        action: 'identity.split',
        target: recordId,
        details: { from: member.goldenId, to: goldenId },
      });
      return { goldenIds: [member.goldenId, goldenId], rows };
    });
  }

  /**
   * Settles a review: `join` adds the record to one of the candidates (or any golden customer the
   * operator names), `separate` makes it a customer of its own.
   */
  async resolveReview(
    reviewId: string,
    decision: { action: 'join'; goldenId: string } | { action: 'separate' },
    actor: string,
  ): Promise<IdentityActionResult> {
    return this.run(async (tx) => {
      const review = await tx.identity.review(reviewId);
      if (!review) throw new IdentityActionError(404, `no review ${reviewId}`);
      if (review.status !== 'open')
        throw new IdentityActionError(409, `review ${reviewId} is already resolved`);
      let goldenId: string;
      if (decision.action === 'join') {
        await this.active(tx, decision.goldenId);
        goldenId = decision.goldenId;
      } else {
        goldenId = await tx.identity.createGolden();
      }
      await tx.identity.setMember({ recordId: review.recordId, goldenId, connectionId: review.connectionId });
      const rows = await this.identity.rebuild(tx, goldenId);
      const record = await tx.records.get(review.recordId);
      const golden = await this.identity.goldenRecordId(tx, goldenId);
      if (record && golden && !(await tx.links.get(golden, review.connectionId))) {
        await tx.links.upsert({
          recordId: golden,
          connectionId: review.connectionId,
          kind: 'customer',
          externalId: record.externalId,
          lastHash: null,
        });
      }
      await tx.identity.resolveReview(reviewId, `${decision.action}:${goldenId}`);
      await tx.audit.append({
        actor,
        action: 'identity.review',
        target: reviewId,
        details: { record: review.recordId, decision: decision.action, goldenId },
      });
      return { goldenIds: [goldenId], rows };
    });
  }

  /**
   * GDPR erasure of a person: the golden customer becomes an erased tombstone that removes the
   * person from every system holding them (whatever `identity.deletes` says), and the person's data
   * leaves the ledger — the golden customer's versions, each member record's versions, and the
   * customer block of their sales (the sales themselves stay: accounting needs them).
   */
  async erase(goldenId: string, actor: string): Promise<IdentityActionResult & { scrubbed: number }> {
    let scrubbed = 0;
    const result = await this.run(async (tx) => {
      const recordId = await this.active(tx, goldenId);
      const tombstone = { externalId: goldenId, deleted: true, erased: true };
      const { externalId: _id, ...fields } = tombstone;
      const upsert = await tx.records.upsert({
        kind: 'customer',
        originConnectionId: GOLDEN_ORIGIN,
        externalId: goldenId,
        contentHash: contentHash(fields),
        data: tombstone,
      });
      const rows = upsert.changed
        ? await this.identity.deliveryRows(tx, recordId, upsert.version, tombstone)
        : [];
      scrubbed += await tx.records.rewriteData(recordId, (data) =>
        (data as { erased?: unknown }).erased === true ? data : { externalId: goldenId, erased: true },
      );
      for (const member of await tx.identity.members(goldenId)) {
        const record = await tx.records.get(member.recordId);
        if (!record) continue;
        scrubbed += await tx.records.rewriteData(member.recordId, () => ({
          externalId: record.externalId,
          erased: true,
        }));
        const sales = await tx.records.listCurrentForCustomer({
          kind: 'transaction',
          originConnectionId: record.originConnectionId,
          customerExternalId: record.externalId,
        });
        for (const sale of sales) {
          scrubbed += await tx.records.rewriteData(sale.recordId, (data) => ({
            ...(data as Record<string, unknown>),
            customer: { externalId: record.externalId },
          }));
        }
      }
      await tx.identity.setKeys(goldenId, []);
      await tx.audit.append({
        actor,
        action: 'identity.erase',
        target: goldenId,
        details: { deliveries: rows.length },
      });
      return { goldenIds: [goldenId], rows };
    });
    return { ...result, scrubbed };
  }

  /** Runs an action in one transaction, then queues the deliveries it created. */
  private async run(
    action: (tx: Ledger) => Promise<{
      goldenIds: string[];
      rows: GoldenDeliveryRow[];
      duplicatesLeft?: Record<string, string>;
    }>,
  ): Promise<IdentityActionResult> {
    const byDestination = new Map<string, string[]>();
    const result = await this.ledger.transaction(async (tx) => {
      const outcome = await action(tx);
      const ids = await tx.deliveries.createMany(outcome.rows);
      ids.forEach((id, i) => {
        const destination = outcome.rows[i].destinationConnectionId;
        byDestination.set(destination, [...(byDestination.get(destination) ?? []), id]);
      });
      return outcome;
    });
    const policy = deliveryPolicyOf(this.config);
    for (const [destination, ids] of byDestination)
      await this.queues.enqueueDeliveries(destination, ids, policy);
    return {
      goldenIds: result.goldenIds,
      deliveries: result.rows.length,
      ...(result.duplicatesLeft ? { duplicatesLeft: result.duplicatesLeft } : {}),
    };
  }

  /** The ledger record id of an active (not merged) golden customer; 404/409 otherwise. */
  private async active(tx: Ledger, goldenId: string): Promise<string> {
    const state = await tx.identity.golden(goldenId);
    if (!state) throw new IdentityActionError(404, `no golden customer ${goldenId}`);
    if (state.mergedInto)
      throw new IdentityActionError(409, `${goldenId} was merged into ${state.mergedInto}`);
    const recordId = await this.identity.goldenRecordId(tx, goldenId);
    if (!recordId) throw new IdentityActionError(404, `golden customer ${goldenId} has no data yet`);
    return recordId;
  }
}
