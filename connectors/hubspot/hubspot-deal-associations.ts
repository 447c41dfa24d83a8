import { z } from 'zod';
import { chunk, inputError } from './hubspot.batch';
import type { HubSpotClient } from './hubspot.client';
import { BatchErrorSchema } from './hubspot.schemas';

/** HUBSPOT_DEFINED association type deal → contact. */
export const DEAL_TO_CONTACT = 3;

const Id = z.union([z.string(), z.number()]).transform(String);
const AssociationCreateSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            fromObjectId: Id.optional(),
            from: z.object({ id: Id }).loose().optional(),
          })
          .loose(),
      )
      .default([]),
    errors: z.array(BatchErrorSchema).default([]),
  })
  .loose();

/**
 * Associates deals with their contacts (v4 batch create, type 3). Creating an association that
 * exists is a no-op at HubSpot, so a replay is harmless. Returns the error of each deal whose
 * association failed (the contact was deleted in HubSpot, typically), by deal id.
 */
export async function associateContacts(
  client: HubSpotClient,
  pairs: readonly { dealId: string; contactId: string }[],
): Promise<Map<string, Error>> {
  const failed = new Map<string, Error>();
  for (const part of chunk(pairs)) {
    const answer = await client.post(
      '/crm/v4/associations/deals/contacts/batch/create',
      {
        inputs: part.map((p) => ({
          from: { id: p.dealId },
          to: { id: p.contactId },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_TO_CONTACT }],
        })),
      },
      AssociationCreateSchema,
    );
    const done = new Set(answer.results.map((r) => r.fromObjectId ?? r.from?.id));
    for (const pair of part) {
      if (done.has(pair.dealId)) continue;
      const error = answer.errors.find((e) => e.context?.ids?.includes(pair.dealId)) ?? answer.errors[0];
      failed.set(
        pair.dealId,
        inputError(error, `the association of deal ${pair.dealId} with contact ${pair.contactId}`),
      );
    }
  }
  return failed;
}
