import { Inject, Injectable } from '@nestjs/common';
import { POSHUB_CONFIG } from '../../app/tokens';
import { contentHash, type Customer } from '../../canonical';
import type { IdentityConfig, PoshubConfig } from '../../config';
import type { Ledger } from '../../ledger';
import { RouteTable, type ResolvedRoute } from '../route-table';
import { poshubRecordIdOf } from '../poshub-reference';
import { matchKeysOf } from './match-keys';
import { customerFields, mergeCustomer, type CustomerFields, type FieldStamps } from './merge-customer';

/** Origin connection id of golden customer records in the ledger (not a configured connection). */
export const GOLDEN_ORIGIN = 'poshub';

/** A delivery row of a golden customer for the caller's transaction. */
export interface GoldenDeliveryRow {
  readonly recordId: string;
  readonly recordVersion: number;
  readonly routeId: string;
  readonly destinationConnectionId: string;
  readonly entity: string;
}

/** What identity resolution did with one incoming customer record. */
export type IngestOutcome =
  | { readonly status: 'linked'; readonly goldenId: string; readonly rows: GoldenDeliveryRow[] }
  | { readonly status: 'echo'; readonly goldenId: string }
  | { readonly status: 'review'; readonly reviewId: string; readonly reason: string };

/** Input of {@link IdentityService.ingest}: a customer record just stored in the ledger. */
export interface IncomingCustomerRecord {
  readonly connectionId: string;
  readonly recordId: string;
  readonly customer: Customer;
  /** When poshub read it; stands in for the source time when the record has no updatedAt. */
  readonly readAt: Date;
}

/**
 * One golden customer per person across the connected systems. Every customer record a stream
 * brings in is resolved, inside the transaction that stores it:
 *   1. its existing membership (the link made the first time it was seen) — so an email or phone
 *      change never creates a second golden customer;
 *   2. otherwise the configured match keys (normalised email, E.164 phone, reference id): no match
 *      creates a golden customer; one match joins it, unless that golden customer already has a record
 *      from the same system (two records in one system are two people until an admin says otherwise);
 *      several matches go to the review list. Nothing is ever merged automatically.
 *   3. field merge by ownership / newest source time (merge-customer.ts); a record equal to what
 *      poshub last wrote to or read from that system is an echo and changes nothing.
 * A changed golden customer becomes a new version of its ledger record with one delivery per
 * destination that takes customers, skipping destinations that already hold exactly these values.
 */
@Injectable()
export class IdentityService {
  private readonly config: IdentityConfig | undefined;

  constructor(
    @Inject(POSHUB_CONFIG) config: PoshubConfig,
    private readonly routes: RouteTable,
  ) {
    this.config = config.identity;
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  /** Country used to read this connection's phone numbers. */
  countryOf(connectionId: string): string | undefined {
    return this.config?.countries[connectionId] ?? this.config?.defaultCountry;
  }

  async ingest(tx: Ledger, input: IncomingCustomerRecord): Promise<IngestOutcome> {
    const config = this.requireConfig();
    const country = this.countryOf(input.connectionId);
    const fields = customerFields(input.customer, country);
    const incomingHash = contentHash(fields);

    let goldenId =
      (await tx.identity.memberOf(input.recordId))?.goldenId ?? (await this.boundGolden(tx, input));
    if (goldenId !== undefined && !(await tx.identity.memberOf(input.recordId))) {
      await tx.identity.setMember({ recordId: input.recordId, goldenId, connectionId: input.connectionId });
    }
    if (goldenId === undefined) {
      const keys = matchKeysOf(fields, config.matchKeys, country);
      // Sorted key locks: two records sharing a key never both create a golden customer.
      for (const key of [...keys].sort()) await tx.lockKey(`identity\u0000${key}`);
      const candidates = await tx.identity.goldensByKeys(keys);
      if (candidates.length > 1) {
        return this.review(tx, input, candidates, 'matches several customers; choose one or keep apart');
      }
      if (candidates.length === 1) {
        const members = await tx.identity.members(candidates[0]);
        const sameSystem = members.find((m) => m.connectionId === input.connectionId);
        if (sameSystem) {
          return this.review(
            tx,
            input,
            candidates,
            `shares a match key with ${sameSystem.recordId}, another customer of ${input.connectionId}`,
          );
        }
        goldenId = candidates[0];
      } else {
        goldenId = await tx.identity.createGolden();
      }
      await tx.identity.setMember({
        recordId: input.recordId,
        goldenId,
        connectionId: input.connectionId,
      });
    } else {
      await tx.lockKey(`identity-golden\u0000${goldenId}`);
    }

    const goldenRecordId = await this.goldenRecordId(tx, goldenId);
    const held = goldenRecordId ? await tx.links.get(goldenRecordId, input.connectionId) : undefined;
    const current = goldenRecordId ? await tx.records.getCurrent(goldenRecordId) : undefined;
    const golden = (current?.data as CustomerFields | undefined) ?? {};
    // An erased person stays erased: a system read back before its own erasure landed there (the
    // pull raced the erase delivery) must not bring a single field back into the golden record.
    if ((golden as { erased?: unknown }).erased === true) return { status: 'linked', goldenId, rows: [] };
    // Before the echo check: an archive changes no field, only the record's state.
    if (input.customer.deleted === true) return this.sourceDeleted(tx, input, goldenId, golden);
    if (held?.lastHash === incomingHash) return { status: 'echo', goldenId };
    const state = await tx.identity.golden(goldenId);
    const members = await tx.identity.members(goldenId);
    const merged = mergeCustomer(
      stripIdentity(golden),
      (state?.stamps ?? {}) as FieldStamps,
      {
        connection: input.connectionId,
        fields,
        at: input.customer.updatedAt ?? input.readAt.toISOString(),
      },
      config.owners,
      new Set(members.map((m) => m.connectionId)),
    );
    await tx.identity.setStamps(goldenId, merged.stamps);
    await tx.identity.setKeys(goldenId, matchKeysOf(merged.fields, config.matchKeys, country));

    const data = { externalId: goldenId, ...merged.fields };
    const upsert = await tx.records.upsert({
      kind: 'customer',
      originConnectionId: GOLDEN_ORIGIN,
      externalId: goldenId,
      contentHash: contentHash(merged.fields),
      data,
    });
    // This system holds what it just sent: remember it, so reading it again is an echo and the
    // golden customer is not written back to it unless something else changed. After a merge or a
    // split the object may still be bound to its former golden customer: it belongs here now.
    const bound = await tx.links.findByExternalId(input.connectionId, 'customer', input.customer.externalId);
    if (bound && bound.recordId !== upsert.recordId)
      await tx.links.remove(bound.recordId, input.connectionId);
    await tx.links.upsert({
      recordId: upsert.recordId,
      connectionId: input.connectionId,
      kind: 'customer',
      externalId: input.customer.externalId,
      lastHash: incomingHash,
    });
    if (!upsert.changed) return { status: 'linked', goldenId, rows: [] };
    return {
      status: 'linked',
      goldenId,
      rows: await this.deliveryRows(tx, upsert.recordId, upsert.version, data),
    };
  }

  /**
   * Recomputes a golden customer from its member records (oldest member first, each with its
   * source time), as after a merge or a split, and stores the result as a new version when it
   * changed. Returns the delivery rows of that version.
   */
  async rebuild(tx: Ledger, goldenId: string): Promise<GoldenDeliveryRow[]> {
    const config = this.requireConfig();
    await tx.lockKey(`identity-golden\u0000${goldenId}`);
    const members = await tx.identity.members(goldenId);
    const connections = new Set(members.map((m) => m.connectionId));
    let fields: CustomerFields = {};
    let stamps: FieldStamps = {};
    let lastCountry: string | undefined;
    for (const member of members) {
      const current = await tx.records.getCurrent(member.recordId);
      if (!current) continue;
      const customer = current.data as Customer;
      lastCountry = this.countryOf(member.connectionId);
      const merged = mergeCustomer(
        fields,
        stamps,
        {
          connection: member.connectionId,
          fields: customerFields(customer, lastCountry),
          at: customer.updatedAt ?? current.createdAt,
        },
        config.owners,
        connections,
      );
      fields = merged.fields;
      stamps = merged.stamps;
    }
    await tx.identity.setStamps(goldenId, stamps);
    await tx.identity.setKeys(goldenId, matchKeysOf(fields, config.matchKeys, lastCountry));
    if (members.length === 0) return [];
    const data = { externalId: goldenId, ...fields };
    const upsert = await tx.records.upsert({
      kind: 'customer',
      originConnectionId: GOLDEN_ORIGIN,
      externalId: goldenId,
      contentHash: contentHash(fields),
      data,
    });
    return upsert.changed ? this.deliveryRows(tx, upsert.recordId, upsert.version, data) : [];
  }

  /**
   * The customer was deleted (or archived) in one system: recorded in the audit log always; with
   * `deletes: propagate` the golden customer is marked deleted and removed from every other system
   * that holds it. A deleted golden customer stays deleted whatever other systems send later.
   */
  private async sourceDeleted(
    tx: Ledger,
    input: IncomingCustomerRecord,
    goldenId: string,
    golden: Record<string, unknown>,
  ): Promise<IngestOutcome> {
    const policy = this.requireConfig().deletes;
    await tx.audit.append({
      actor: input.connectionId,
      action: 'identity.source-deleted',
      target: goldenId,
      details: { recordId: input.recordId, policy },
    });
    if (policy !== 'propagate' || golden.deleted === true) return { status: 'linked', goldenId, rows: [] };
    const { externalId: _id, ...fields } = golden;
    const deleted = { ...fields, deleted: true };
    const upsert = await tx.records.upsert({
      kind: 'customer',
      originConnectionId: GOLDEN_ORIGIN,
      externalId: goldenId,
      contentHash: contentHash(deleted),
      data: { externalId: goldenId, ...deleted },
    });
    // The system it was deleted in needs nothing more.
    await tx.links.upsert({
      recordId: upsert.recordId,
      connectionId: input.connectionId,
      kind: 'customer',
      externalId: input.customer.externalId,
      lastHash: contentHash(deleted),
    });
    const rows = upsert.changed
      ? await this.deliveryRows(tx, upsert.recordId, upsert.version, { externalId: goldenId, ...deleted })
      : [];
    return { status: 'linked', goldenId, rows };
  }

  /** The route that carries golden customers to each destination (the first customer route there). */
  customerRoutes(): ResolvedRoute[] {
    const byDestination = new Map<string, ResolvedRoute>();
    for (const route of this.routes.routes()) {
      if (route.kind !== 'customer' || byDestination.has(route.destinationConnectionId)) continue;
      byDestination.set(route.destinationConnectionId, route);
    }
    return [...byDestination.values()];
  }

  /** Delivery rows of a new golden version, except where the destination already holds these values. */
  async deliveryRows(
    tx: Ledger,
    recordId: string,
    version: number,
    data: Record<string, unknown>,
  ): Promise<GoldenDeliveryRow[]> {
    const { externalId: _id, ...fields } = data;
    const hash = contentHash(fields);
    const rows: GoldenDeliveryRow[] = [];
    const removal = fields.deleted === true || fields.erased === true;
    for (const route of this.customerRoutes()) {
      const link = await tx.links.get(recordId, route.destinationConnectionId);
      if (link?.lastHash === hash) continue;
      // A deletion concerns only the systems that hold the customer.
      if (removal && !link) continue;
      rows.push({
        recordId,
        recordVersion: version,
        routeId: route.id,
        destinationConnectionId: route.destinationConnectionId,
        entity: route.entity,
      });
    }
    return rows;
  }

  /**
   * The golden customer this system's object was written for by poshub itself: bound by the link
   * the delivery stored, or — when the object is read back before that delivery committed — by the
   * poshub reference the connectors store on what they create (`reference_id`, `ref`,
   * `poshub_customer_id`, read as referenceId). Without this, every object poshub creates would come
   * back as a new person and the systems would fill each other up.
   */
  private async boundGolden(tx: Ledger, input: IncomingCustomerRecord): Promise<string | undefined> {
    const bound = await tx.links.findByExternalId(input.connectionId, 'customer', input.customer.externalId);
    const candidates = [bound?.recordId, poshubRecordIdOf(input.customer.referenceId)];
    for (const recordId of candidates) {
      if (recordId === undefined) continue;
      const record = await tx.records.get(recordId);
      if (record?.kind !== 'customer' || record.originConnectionId !== GOLDEN_ORIGIN) continue;
      const state = await tx.identity.golden(record.externalId);
      if (state && !state.mergedInto) return record.externalId;
      if (state?.mergedInto) return state.mergedInto;
    }
    return undefined;
  }

  /** The ledger record id of a golden customer's data, once it has any. */
  async goldenRecordId(tx: Ledger, goldenId: string): Promise<string | undefined> {
    return (await tx.records.findByExternalId('customer', GOLDEN_ORIGIN, goldenId))?.id;
  }

  private async review(
    tx: Ledger,
    input: IncomingCustomerRecord,
    candidates: string[],
    reason: string,
  ): Promise<IngestOutcome> {
    const reviewId = await tx.identity.openReview({
      recordId: input.recordId,
      connectionId: input.connectionId,
      candidates,
      reason,
    });
    return { status: 'review', reviewId, reason };
  }

  private requireConfig(): IdentityConfig {
    if (!this.config) throw new Error('identity resolution is not configured (poshub.yaml identity:)');
    return this.config;
  }
}

function stripIdentity(data: CustomerFields & { externalId?: unknown }): CustomerFields {
  const { externalId: _ignored, ...fields } = data;
  return fields;
}
