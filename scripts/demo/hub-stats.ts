import type { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import type { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import type { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import type { Hub } from '../../src/app/create-hub';
import { recordId } from '../../src/ledger';
import { deliverQueueName } from '../../src/queue/queue-names';
import { QueueService } from '../../src/queue/queue.service';

/** Destinations of the demo's routes. */
export const DESTINATIONS = ['odoo', 'hubspot', 'square'] as const;

/** What poshub's ledger and queues say. */
export interface HubStats {
  /** Square transactions in the ledger. */
  readonly pulled: number;
  readonly delivered: Record<string, number>;
  readonly pending: number;
  readonly dead: number;
  readonly quarantined: number;
  /** Jobs waiting, delayed or active per destination queue. */
  readonly queued: Record<string, number>;
}

export async function hubStats(hub: Hub): Promise<HubStats> {
  const delivered: Record<string, number> = Object.fromEntries(DESTINATIONS.map((d) => [d, 0]));
  let pending = 0;
  let dead = 0;
  for (const row of await hub.ledger.deliveries.countByDestinationAndStatus()) {
    if (row.status === 'done') delivered[row.destinationConnectionId] = row.count;
    if (row.status === 'pending') pending += row.count;
    if (row.status === 'dead') dead += row.count;
  }
  const queues = hub.app.get(QueueService);
  const queued: Record<string, number> = {};
  for (const destination of DESTINATIONS) {
    const counts = await queues
      .queue(deliverQueueName(destination))
      .getJobCounts('waiting', 'delayed', 'active');
    queued[destination] = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
  }
  return {
    pulled: await hub.ledger.records.count('transaction'),
    delivered,
    pending,
    dead,
    quarantined: await hub.ledger.quarantine.count(),
    queued,
  };
}

/**
 * Golden customers: the distinct identities the customer records of Square, Odoo and HubSpot were
 * resolved to (records not resolved, or waiting in the review list, count for nothing).
 */
export async function goldenCustomers(
  hub: Hub,
  sims: { square: SquareSimulator; odoo: OdooSimulator; hubspot: HubSpotSimulator },
): Promise<{ goldens: number; unresolved: number }> {
  const records = [
    ...sims.square.customers().map((c) => recordId('customer', 'square', c.id)),
    ...sims.odoo.records('res.partner').map((p) => recordId('customer', 'odoo', String(p.id))),
    ...sims.hubspot.objects('contacts').map((c) => recordId('customer', 'hubspot', c.id)),
  ];
  const goldens = new Set<string>();
  let unresolved = 0;
  for (const id of records) {
    const member = await hub.ledger.identity.memberOf(id);
    if (member) goldens.add(member.goldenId);
    else unresolved += 1;
  }
  return { goldens: goldens.size, unresolved };
}
