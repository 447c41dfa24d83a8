import { HubSpotApiError, validationError } from './sim-errors';
import type { ObjectTypeId } from './sim.types';

/** The object types the simulator serves: paths accept the name, its singular or the type id. */
export interface ObjectTypeInfo {
  readonly id: ObjectTypeId;
  readonly name: 'contacts' | 'deals' | 'line_items';
  /** Upper-case singular HubSpot uses in messages ("CONTACT"). */
  readonly label: string;
  readonly defaultGroup: string;
  readonly lastModified: 'lastmodifieddate' | 'hs_lastmodifieddate';
  /** Properties every read answers with, requested or not. */
  readonly defaults: readonly string[];
  /** Properties the free-text `query` of a search looks at. */
  readonly queryable: readonly string[];
}

export const OBJECT_TYPES: readonly ObjectTypeInfo[] = [
  {
    id: '0-1',
    name: 'contacts',
    label: 'CONTACT',
    defaultGroup: 'contactinformation',
    lastModified: 'lastmodifieddate',
    defaults: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    queryable: ['firstname', 'lastname', 'email', 'phone', 'company'],
  },
  {
    id: '0-3',
    name: 'deals',
    label: 'DEAL',
    defaultGroup: 'dealinformation',
    lastModified: 'hs_lastmodifieddate',
    defaults: [
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
      'pipeline',
    ],
    queryable: ['dealname'],
  },
  {
    id: '0-8',
    name: 'line_items',
    label: 'LINE_ITEM',
    defaultGroup: 'lineiteminformation',
    lastModified: 'hs_lastmodifieddate',
    // Which properties HubSpot returns by default for line items is not documented; these are the
    // ones a reader of a line item always needs.
    defaults: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price', 'quantity'],
    queryable: ['name', 'hs_sku'],
  },
];

const ALIASES = new Map<string, ObjectTypeInfo>();
for (const t of OBJECT_TYPES) {
  ALIASES.set(t.id, t);
  ALIASES.set(t.name, t);
  ALIASES.set(t.name.replace(/s$/, ''), t);
}

export function typeInfo(id: ObjectTypeId): ObjectTypeInfo {
  return OBJECT_TYPES.find((t) => t.id === id)!;
}

/** Resolves a path segment ('contacts', 'contact', '0-1'); 400 for anything else, as HubSpot does. */
export function resolveType(segment: string): ObjectTypeInfo {
  const t = ALIASES.get(segment.toLowerCase());
  if (!t) throw validationError(`Unable to infer object type from: ${segment}`);
  return t;
}

/** Resolves a type name or id for the test API; throws a plain error for unknown types. */
export function resolveTypeForTests(segment: string): ObjectTypeInfo {
  try {
    return resolveType(segment);
  } catch (err) {
    if (err instanceof HubSpotApiError) throw new Error(err.message);
    throw err;
  }
}

/** HUBSPOT_DEFINED association types the simulator knows, each with its inverse. */
export interface AssociationKind {
  readonly from: ObjectTypeId;
  readonly to: ObjectTypeId;
  readonly typeId: number;
  readonly inverse: number;
}

export const ASSOCIATION_KINDS: readonly AssociationKind[] = [
  { from: '0-3', to: '0-1', typeId: 3, inverse: 4 },
  { from: '0-1', to: '0-3', typeId: 4, inverse: 3 },
  { from: '0-3', to: '0-8', typeId: 19, inverse: 20 },
  { from: '0-8', to: '0-3', typeId: 20, inverse: 19 },
];

/** The default (unlabeled) kind between two types, if they can be associated at all. */
export function defaultKind(from: ObjectTypeId, to: ObjectTypeId): AssociationKind | undefined {
  return ASSOCIATION_KINDS.find((k) => k.from === from && k.to === to);
}

/** Checks `{associationCategory, associationTypeId}` for a pair of types; 400 otherwise. */
export function checkKind(
  from: ObjectTypeId,
  to: ObjectTypeId,
  category: unknown,
  typeId: unknown,
): AssociationKind {
  const kind = ASSOCIATION_KINDS.find((k) => k.from === from && k.to === to && k.typeId === typeId);
  if (category !== 'HUBSPOT_DEFINED' || !kind) {
    throw validationError(
      `Association type ${String(category)}/${String(typeId)} is not valid from ${from} to ${to}.`,
      { errors: [{ message: 'invalid association type', code: 'INVALID_ASSOCIATION_TYPE' }] },
    );
  }
  return kind;
}

/** The kind an inline association on create names by its type id, from `from`. */
export function kindById(from: ObjectTypeId, typeId: unknown): AssociationKind | undefined {
  return ASSOCIATION_KINDS.find((k) => k.from === from && k.typeId === typeId);
}
