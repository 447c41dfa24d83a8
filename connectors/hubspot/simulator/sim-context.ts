import { validationError } from './sim-errors';
import type { AssociationStore } from './sim-associations.store';
import type { ObjectStore, StoredObject } from './sim-objects.store';
import type { SimPipeline } from './sim-pipelines';
import type { PropertyStore } from './sim-properties.store';

/** Account settings `GET /account-info/v3/details` reports. */
export interface SimAccount {
  readonly portalId: number;
  readonly timeZone: string;
  readonly companyCurrency: string;
  readonly additionalCurrencies: readonly string[];
}

/** The state every route module shares. */
export interface SimContext {
  readonly account: SimAccount;
  readonly props: PropertyStore;
  readonly objects: ObjectStore;
  readonly assocs: AssociationStore;
  readonly pipelines: readonly SimPipeline[];
  /** Base URL of the running server, for `paging.next.link`. */
  baseUrl(): string;
  /** Seeded shuffle: HubSpot answers batches in no particular order. */
  shuffle<T>(items: T[]): T[];
  /** Called before the n-th (0-based) page of a search is computed. */
  searchHook: ((page: number) => void) | undefined;
}

/** One CRM record as the v3 API answers it. */
export interface ApiObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/**
 * Serializes a record with the type's default properties plus those requested that exist (HubSpot
 * ignores unknown names in read requests); unset ones are null.
 */
export function toApi(ctx: SimContext, obj: StoredObject, requested: readonly string[] = []): ApiObject {
  const properties: Record<string, string | null> = {};
  const defaults = ctx.objects.defaultsOf(obj.type);
  for (const name of [...defaults, ...requested]) {
    if (name in properties || !ctx.props.find(obj.type, name)) continue;
    properties[name] = obj.props[name] ?? null;
  }
  const out: ApiObject = {
    id: obj.id,
    properties,
    createdAt: new Date(obj.createdAt).toISOString(),
    updatedAt: new Date(obj.updatedAt).toISOString(),
    archived: obj.archived,
  };
  if (obj.archivedAt !== undefined) out.archivedAt = new Date(obj.archivedAt).toISOString();
  return out;
}

/** `properties` from a query string: repeated and/or comma-separated. */
export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `properties` from a JSON body: an array of names. */
export function bodyList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A JSON object body, or 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw validationError('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** A Fisher-Yates shuffle in place, drawing from `random`. */
export function seededShuffle(random: () => number) {
  return <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
}
