import { z } from 'zod';
import { RejectedError, type RemoveOptions } from '../../src/sdk';
import { errorStatus, type SquareClient } from './square.client';

/**
 * Deletes the Square customer profile poshub linked to a deleted or erased customer (Square has no
 * archive for profiles; DeleteCustomer removes it). A profile that is already gone is success.
 */
export async function removeCustomer(
  client: SquareClient,
  entity: string,
  options: RemoveOptions,
): Promise<void> {
  if (entity !== 'customer') throw new RejectedError(`square removes customers only, not ${entity}`);
  try {
    await client.call(
      { method: 'DELETE', path: `/v2/customers/${encodeURIComponent(options.existingId)}` },
      DeleteCustomerAnswer,
    );
  } catch (err) {
    if (err instanceof RejectedError && errorStatus(err) === 404) return;
    throw err;
  }
}

/** DeleteCustomer answers `{}` (or `{errors}` on failure, which the client turns into an error). */
const DeleteCustomerAnswer = z.object({}).loose();
