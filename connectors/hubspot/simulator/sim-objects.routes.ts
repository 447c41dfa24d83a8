import { objectBody, queryList, toApi, type SimContext } from './sim-context';
import { notFound, validationError } from './sim-errors';
import { applyInlineAssociations } from './sim-inline-associations';
import type { StoredObject } from './sim-objects.store';
import { OBJECT_TYPES, resolveType, typeInfo } from './sim-object-types';
import type { SimRequest, SimRouter } from './sim-router';
import { inTx } from './sim-tx';

const BASE = '/crm/v3/objects/{objectType}';

/** Single-record routes: list, create, read, update, archive. */
export function registerObjectRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('GET', BASE, (req) => list(ctx, req));
  // GDPR delete (contacts): `{objectId, idProperty?}`; the contact and its values are gone for good.
  router.add(
    'POST',
    '/crm/v3/objects/contacts/gdpr-delete',
    (req) => {
      const body = objectBody(req.body) as { objectId?: unknown; idProperty?: unknown };
      if (typeof body.objectId !== 'string' || body.objectId === '') {
        throw validationError('objectId is required');
      }
      const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
      const obj = ctx.objects.findBy('0-1', idProperty, body.objectId);
      if (!obj) throw notFound(`No contact with ${idProperty ?? 'id'} ${body.objectId} exists.`);
      inTx((tx) => ctx.objects.purge(tx, obj, 'INTEGRATION'));
      return { status: 204 };
    },
    { write: true },
  );
  router.add('POST', BASE, (req) => create(ctx, req), { write: true });
  router.add('GET', `${BASE}/{objectId}`, (req) => {
    const archived = req.query.get('archived') === 'true';
    const obj = find(ctx, req, archived);
    return { status: 200, body: withAssociations(ctx, obj, req, queryList(req.query, 'properties')) };
  });
  router.add(
    'PATCH',
    `${BASE}/{objectId}`,
    (req) => {
      const obj = find(ctx, req);
      const body = objectBody(req.body);
      const next = inTx((tx) => ctx.objects.update(tx, obj, body.properties, 'INTEGRATION'));
      return { status: 200, body: toApi(ctx, next, Object.keys(objectBody(body.properties))) };
    },
    { write: true },
  );
  router.add(
    'DELETE',
    `${BASE}/{objectId}`,
    (req) => {
      const type = resolveType(req.params.objectType!);
      // Archiving an already-archived record is a success, as a retry of a DELETE must be.
      if (ctx.objects.get(type.id, req.params.objectId!, true)) return { status: 204 };
      const obj = find(ctx, req);
      inTx((tx) => ctx.objects.archive(tx, obj, 'INTEGRATION'));
      return { status: 204 };
    },
    { write: true },
  );
}

function find(ctx: SimContext, req: SimRequest, archived = false): StoredObject {
  const type = resolveType(req.params.objectType!);
  const id = req.params.objectId!;
  const idProperty = req.query.get('idProperty') ?? undefined;
  const obj = archived
    ? idProperty
      ? undefined
      : ctx.objects.get(type.id, id, true)
    : ctx.objects.findBy(type.id, idProperty, id);
  if (!obj)
    throw notFound(`No ${type.label} with ${idProperty ?? 'id'} ${id} exists.`, { context: { id: [id] } });
  return obj;
}

function create(ctx: SimContext, req: SimRequest) {
  const type = resolveType(req.params.objectType!);
  const body = objectBody(req.body);
  const obj = inTx((tx) => {
    const created = ctx.objects.create(tx, type.id, body.properties, 'INTEGRATION');
    applyInlineAssociations(ctx, tx, type.id, created.id, body.associations);
    return created;
  });
  return { status: 201, body: toApi(ctx, obj, Object.keys(objectBody(body.properties))) };
}

function list(ctx: SimContext, req: SimRequest) {
  const type = resolveType(req.params.objectType!);
  const limit = Number(req.query.get('limit') ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw validationError('limit must be an integer from 1 to 100.');
  const after = req.query.get('after');
  if (after !== null && !/^\d+$/.test(after))
    throw validationError(`after "${after}" is not a valid cursor.`);
  // The cursor is the first id of the next page, so records created meanwhile never shift pages.
  const all = ctx.objects.all(type.id, req.query.get('archived') === 'true');
  const rest = after === null ? all : all.filter((o) => Number(o.id) >= Number(after));
  const page = rest.slice(0, limit);
  const requested = queryList(req.query, 'properties');
  const body: Record<string, unknown> = {
    results: page.map((o) => withAssociations(ctx, o, req, requested)),
  };
  const next = rest[limit];
  if (next) {
    const q = new URLSearchParams(req.query);
    q.set('after', next.id);
    body.paging = { next: { after: next.id, link: `${ctx.baseUrl()}${req.path}?${q.toString()}` } };
  }
  return { status: 200, body };
}

/** `?associations=deals,line_items` adds `associations:{deals:{results:[{id, type}]}}`. */
function withAssociations(ctx: SimContext, obj: StoredObject, req: SimRequest, requested: string[]) {
  const out: Record<string, unknown> = { ...toApi(ctx, obj, requested) };
  const wanted = queryList(req.query, 'associations');
  if (wanted.length === 0) return out;
  const assoc: Record<string, unknown> = {};
  const from = typeInfo(obj.type).name.replace(/s$/, '');
  for (const name of wanted) {
    const to = OBJECT_TYPES.find((t) => t.name === name || t.id === name);
    if (!to) continue;
    const results = ctx.assocs
      .list(obj.type, obj.id, to.id)
      .filter((a) => ctx.objects.get(to.id, a.toObjectId))
      .map((a) => ({ id: a.toObjectId, type: `${from}_to_${to.name.replace(/s$/, '')}` }));
    if (results.length > 0) assoc[to.name] = { results };
  }
  if (Object.keys(assoc).length > 0) out.associations = assoc;
  return out;
}
