import { Injectable } from '@nestjs/common';
import { contentHash } from '../../canonical';
import type { Ledger } from '../../ledger';
import { evaluatePredicate } from '../../mapping/mapping-engine';
import { CUSTOMER_BEHAVIOUR_STREAM } from '../../registry/derived-streams';
import { RouteTable } from '../route-table';
import { computeBehaviour, type BehaviourInput } from './compute-behaviour';

/** A delivery row the caller creates in the same transaction (the pull page's). */
export interface BehaviourDeliveryRow {
  readonly recordId: string;
  readonly recordVersion: number;
  readonly routeId: string;
  readonly destinationConnectionId: string;
  readonly entity: string;
  /** True when this version is new, so its delivery must be enqueued after the commit. */
  readonly fresh: boolean;
}

/**
 * Keeps each customer's buying behaviour (a derived `customer-behaviour` record) in step with the
 * transactions in the ledger. Runs inside the transaction that stores the transactions, so the
 * behaviour and the sales it counts commit together: a crash can never leave a sale counted in
 * the CRM's lifetime spend but missing from the ledger, or the reverse.
 */
@Injectable()
export class CustomerBehaviourService {
  constructor(private readonly routes: RouteTable) {}

  /** True when some route delivers this connection's buying behaviour somewhere. */
  wanted(connectionId: string): boolean {
    return this.routes.fromSource(connectionId, CUSTOMER_BEHAVIOUR_STREAM).length > 0;
  }

  /**
   * Recomputes the behaviour of `customerIds` (customers of `connectionId` whose transactions just
   * changed) from all their current transactions, stores changed ones as new record versions, and
   * returns the delivery rows for every matching route.
   */
  async refresh(
    tx: Ledger,
    connectionId: string,
    customerIds: Iterable<string>,
  ): Promise<BehaviourDeliveryRow[]> {
    const routes = this.routes.fromSource(connectionId, CUSTOMER_BEHAVIOUR_STREAM);
    if (routes.length === 0) return [];
    // Sorted so concurrent transactions take their locks in one order and cannot deadlock.
    const ids = [...new Set(customerIds)].sort();
    for (const id of ids) await tx.lockKey(`behaviour\u0000${connectionId}\u0000${id}`);
    const rows: BehaviourDeliveryRow[] = [];
    for (const customerId of ids) {
      const transactions = await tx.records.listCurrentForCustomer({
        kind: 'transaction',
        originConnectionId: connectionId,
        customerExternalId: customerId,
      });
      const behaviour = computeBehaviour(
        customerId,
        transactions.map((t) => t.data as BehaviourInput),
      );
      if (!behaviour) continue;
      const upsert = await tx.records.upsert({
        kind: 'customer-behaviour',
        originConnectionId: connectionId,
        externalId: customerId,
        contentHash: contentHash(behaviour),
        data: behaviour,
        occurredAt: behaviour.lastPurchaseAt,
      });
      if (!upsert.changed) continue;
      for (const route of routes) {
        if (route.filter && !(await evaluatePredicate(route.filter, behaviour))) continue;
        rows.push({
          recordId: upsert.recordId,
          recordVersion: upsert.version,
          routeId: route.id,
          destinationConnectionId: route.destinationConnectionId,
          entity: route.entity,
          fresh: true,
        });
      }
    }
    return rows;
  }
}
