/**
 * Queue names in one place. One pull queue for every source stream, and one deliver queue per
 * destination connection so a slow or throttled ERP never holds up the CRM.
 */
export const PULL_QUEUE = 'pull';

/** Queue that carries deliveries to one destination connection. */
export function deliverQueueName(destinationConnectionId: string): string {
  return `deliver.${destinationConnectionId}`;
}

/** Job-scheduler id for a source stream's schedule. BullMQ ids may not contain ':'. */
export function pullSchedulerId(connectionId: string, stream: string): string {
  return `pull.${connectionId}.${stream}`;
}
