import { defaultKind, type AssociationKind } from './sim-object-types';
import type { WriteTx } from './sim-tx';
import type { ObjectTypeId } from './sim.types';

/** One association as the test API reports it. */
export interface AssociationEntry {
  toObjectId: string;
  typeIds: number[];
}

/**
 * Associations between records, stored in both directions: adding deal→contact (3) also records
 * contact→deal (4), as HubSpot does. Writes go through a transaction so batches can roll back.
 */
export class AssociationStore {
  // `${fromType}|${fromId}|${toType}` → toId → type ids
  private readonly links = new Map<string, Map<string, Set<number>>>();

  constructor(private readonly onWrite: () => void) {}

  list(from: ObjectTypeId, fromId: string, to: ObjectTypeId): AssociationEntry[] {
    const targets = this.links.get(key(from, fromId, to));
    if (!targets) return [];
    return [...targets.entries()]
      .filter(([, types]) => types.size > 0)
      .map(([toObjectId, types]) => ({ toObjectId, typeIds: [...types].sort((a, b) => a - b) }))
      .sort((a, b) => Number(a.toObjectId) - Number(b.toObjectId));
  }

  /** Adds the association and its inverse; false (and no write counted) when it already existed. */
  add(tx: WriteTx, kind: AssociationKind, fromId: string, toId: string): boolean {
    if (this.has(kind.from, fromId, kind.to, toId, kind.typeId)) return false;
    this.put(kind.from, fromId, kind.to, toId, kind.typeId, true);
    this.put(kind.to, toId, kind.from, fromId, kind.inverse, true);
    tx.onUndo(() => {
      this.put(kind.from, fromId, kind.to, toId, kind.typeId, false);
      this.put(kind.to, toId, kind.from, fromId, kind.inverse, false);
    });
    tx.onCommit(this.onWrite);
    return true;
  }

  /** Removes every association between the two records (both directions). */
  removeAll(tx: WriteTx, from: ObjectTypeId, fromId: string, to: ObjectTypeId, toId: string): boolean {
    const types = this.links.get(key(from, fromId, to))?.get(toId);
    if (!types || types.size === 0) return false;
    const kinds = [...types].map((t) => ({ from, to, typeId: t, inverse: defaultKind(to, from)!.typeId }));
    for (const k of kinds) {
      this.put(from, fromId, to, toId, k.typeId, false);
      this.put(to, toId, from, fromId, k.inverse, false);
    }
    tx.onUndo(() => {
      for (const k of kinds) {
        this.put(from, fromId, to, toId, k.typeId, true);
        this.put(to, toId, from, fromId, k.inverse, true);
      }
    });
    tx.onCommit(this.onWrite);
    return true;
  }

  private has(from: ObjectTypeId, fromId: string, to: ObjectTypeId, toId: string, typeId: number): boolean {
    return (
      this.links
        .get(key(from, fromId, to))
        ?.get(toId)
        ?.has(typeId) ?? false
    );
  }

  private put(
    from: ObjectTypeId,
    fromId: string,
    to: ObjectTypeId,
    toId: string,
    typeId: number,
    on: boolean,
  ) {
    const k = key(from, fromId, to);
    let targets = this.links.get(k);
    if (!targets) this.links.set(k, (targets = new Map()));
    let types = targets.get(toId);
    if (!types) targets.set(toId, (types = new Set()));
    if (on) types.add(typeId);
    else types.delete(typeId);
    if (types.size === 0) targets.delete(toId);
  }
}

function key(from: ObjectTypeId, fromId: string, to: ObjectTypeId): string {
  return `${from}|${fromId}|${to}`;
}
