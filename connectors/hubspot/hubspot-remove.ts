import { RejectedError, type RemoveOptions } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import { errorStatus } from './hubspot.errors';

/**
 * Removes the contact poshub linked to a deleted or erased customer: an archive (HubSpot keeps it
 * restorable for 90 days) for a deletion, HubSpot's GDPR delete for an erasure. A contact that is
 * already gone is success.
 */
export async function removeContact(
  client: HubSpotClient,
  entity: string,
  options: RemoveOptions,
): Promise<void> {
  if (entity !== 'contact') throw new RejectedError(`hubspot removes contacts only, not ${entity}`);
  try {
    if (options.erase) {
      await client.send({
        method: 'POST',
        path: '/crm/v3/objects/contacts/gdpr-delete',
        body: { objectId: options.existingId },
      });
    } else {
      await client.send({
        method: 'DELETE',
        path: `/crm/v3/objects/contacts/${encodeURIComponent(options.existingId)}`,
      });
    }
  } catch (err) {
    if (err instanceof RejectedError && errorStatus(err) === 404) return;
    throw err;
  }
}
