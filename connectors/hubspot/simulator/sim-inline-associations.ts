import type { SimContext } from './sim-context';
import { validationError } from './sim-errors';
import { kindById } from './sim-object-types';
import type { WriteTx } from './sim-tx';
import type { ObjectTypeId } from './sim.types';

/**
 * Applies `associations:[{to:{id}, types:[{associationCategory, associationTypeId}]}]` of a create.
 * The type id names the target type (3: deal→contact, 19: deal→line item, ...); an unknown type id
 * or a target that does not exist fails the create with 400.
 */
export function applyInlineAssociations(
  ctx: SimContext,
  tx: WriteTx,
  type: ObjectTypeId,
  fromId: string,
  raw: unknown,
): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) throw validationError('`associations` must be an array.');
  for (const item of raw as unknown[]) {
    const a = (item ?? {}) as { to?: { id?: unknown }; types?: unknown };
    const toId = a.to?.id;
    if (
      (typeof toId !== 'string' && typeof toId !== 'number') ||
      !Array.isArray(a.types) ||
      a.types.length === 0
    )
      throw validationError('Each association needs `to.id` and at least one entry in `types`.');
    for (const t of a.types as { associationCategory?: unknown; associationTypeId?: unknown }[]) {
      const kind =
        t?.associationCategory === 'HUBSPOT_DEFINED' ? kindById(type, t.associationTypeId) : undefined;
      if (!kind)
        throw validationError(
          `Association type ${String(t?.associationCategory)}/${String(t?.associationTypeId)} is not valid from ${type}.`,
          { errors: [{ message: 'invalid association type', code: 'INVALID_ASSOCIATION_TYPE' }] },
        );
      if (!ctx.objects.get(kind.to, String(toId)))
        throw validationError(`Association target ${kind.to} ${String(toId)} does not exist.`, {
          errors: [
            { message: 'invalid object id', code: 'INVALID_OBJECT_IDS', context: { ids: [String(toId)] } },
          ],
        });
      ctx.assocs.add(tx, kind, fromId, String(toId));
    }
  }
}
