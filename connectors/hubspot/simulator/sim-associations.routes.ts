import { batchError, batchInputs } from './sim-batch-runner';
import type { SimContext } from './sim-context';
import { notFound, validationError, type HubSpotApiError, type SimReply } from './sim-errors';
import {
  checkKind,
  defaultKind,
  resolveType,
  type AssociationKind,
  type ObjectTypeInfo,
} from './sim-object-types';
import type { SimRequest, SimRouter } from './sim-router';
import { WriteTx, inTx } from './sim-tx';

const OBJ = '/crm/v4/objects/{fromType}/{fromId}/associations';
// The v4 batch endpoints take far more inputs than object batches; 1,000 is plenty for poshub.
const MAX_ASSOC_INPUTS = 1000;

/** Associations v4: single PUT/GET/DELETE and the batch endpoints. Ids in v4 answers are numbers. */
export function registerAssociationRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('PUT', `${OBJ}/default/{toType}/{toId}`, (req) => putDefault(ctx, req), { write: true });
  router.add('PUT', `${OBJ}/{toType}/{toId}`, (req) => putLabeled(ctx, req), { write: true });
  router.add('DELETE', `${OBJ}/{toType}/{toId}`, (req) => remove(ctx, req), { write: true });
  router.add('GET', `${OBJ}/{toType}`, (req) => list(ctx, req));
  const batch = '/crm/v4/associations/{fromType}/{toType}/batch';
  router.add('POST', `${batch}/create`, (req) => batchCreate(ctx, req, false), { write: true });
  router.add('POST', `${batch}/associate/default`, (req) => batchCreate(ctx, req, true), { write: true });
  router.add('POST', `${batch}/read`, (req) => batchRead(ctx, req));
  router.add('POST', `${batch}/archive`, (req) => batchArchive(ctx, req), { write: true });
}

function types(req: SimRequest): [ObjectTypeInfo, ObjectTypeInfo] {
  return [resolveType(req.params.fromType!), resolveType(req.params.toType!)];
}

function pairKind(from: ObjectTypeInfo, to: ObjectTypeInfo): AssociationKind {
  const kind = defaultKind(from.id, to.id);
  if (!kind) throw validationError(`${from.name} and ${to.name} cannot be associated.`);
  return kind;
}

function requireObject(ctx: SimContext, t: ObjectTypeInfo, id: string): void {
  if (!ctx.objects.get(t.id, id))
    throw notFound(`No ${t.label} with id ${id} exists.`, { context: { id: [id] } });
}

const spec = (k: AssociationKind) => ({
  associationCategory: 'HUBSPOT_DEFINED',
  associationTypeId: k.typeId,
});
const labeled = (from: ObjectTypeInfo, fromId: string, to: ObjectTypeInfo, toId: string) => ({
  fromObjectTypeId: from.id,
  fromObjectId: Number(fromId),
  toObjectTypeId: to.id,
  toObjectId: Number(toId),
  labels: [],
});
const complete = (results: unknown[], extra: Record<string, unknown> = {}) => ({
  status: 'COMPLETE',
  results,
  startedAt: new Date().toISOString(),
  completedAt: new Date().toISOString(),
  ...extra,
});

function putDefault(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  const { fromId, toId } = req.params as { fromId: string; toId: string };
  const kind = pairKind(from, to);
  requireObject(ctx, from, fromId);
  requireObject(ctx, to, toId);
  inTx((tx) => ctx.assocs.add(tx, kind, fromId, toId));
  const inverse = pairKind(to, from);
  return {
    status: 200,
    body: complete([
      { from: { id: fromId }, to: { id: toId }, associationSpec: spec(kind) },
      { from: { id: toId }, to: { id: fromId }, associationSpec: spec(inverse) },
    ]),
  };
}

function putLabeled(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  const { fromId, toId } = req.params as { fromId: string; toId: string };
  if (!Array.isArray(req.body) || req.body.length === 0)
    throw validationError('The body must be a non-empty array of {associationCategory, associationTypeId}.');
  const kinds = (req.body as Record<string, unknown>[]).map((t) =>
    checkKind(from.id, to.id, t?.associationCategory, t?.associationTypeId),
  );
  requireObject(ctx, from, fromId);
  requireObject(ctx, to, toId);
  inTx((tx) => kinds.forEach((k) => ctx.assocs.add(tx, k, fromId, toId)));
  return { status: 201, body: labeled(from, fromId, to, toId) };
}

function remove(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  inTx((tx) => ctx.assocs.removeAll(tx, from.id, req.params.fromId!, to.id, req.params.toId!));
  return { status: 204 };
}

function entries(ctx: SimContext, from: ObjectTypeInfo, fromId: string, to: ObjectTypeInfo) {
  return ctx.assocs
    .list(from.id, fromId, to.id)
    .filter((a) => ctx.objects.get(to.id, a.toObjectId))
    .map((a) => ({
      toObjectId: Number(a.toObjectId),
      associationTypes: a.typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: null })),
    }));
}

function list(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  const limit = Number(req.query.get('limit') ?? 500);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw validationError('limit must be from 1 to 500.');
  const after = Number(req.query.get('after') ?? 0);
  if (!Number.isInteger(after) || after < 0) throw validationError('after is not a valid cursor.');
  const all = entries(ctx, from, req.params.fromId!, to);
  const body: Record<string, unknown> = { results: all.slice(after, after + limit) };
  if (after + limit < all.length) {
    const next = String(after + limit);
    body.paging = { next: { after: next, link: `${ctx.baseUrl()}${req.path}?after=${next}&limit=${limit}` } };
  }
  return { status: 200, body };
}

const idOf = (ref: unknown): string => {
  const id = (ref as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' && typeof id !== 'number')
    throw validationError('Every input needs `from.id` and `to.id`.');
  return String(id);
};

/** Good inputs are written; inputs naming missing records come back as errors in a 207. */
function batchCreate(ctx: SimContext, req: SimRequest, byDefault: boolean): SimReply {
  const [from, to] = types(req);
  const inputs = batchInputs(req.body, MAX_ASSOC_INPUTS);
  const results: unknown[] = [];
  const errors: unknown[] = [];
  const tx = new WriteTx();
  for (const input of inputs) {
    const fromId = idOf(input.from);
    const toId = idOf(input.to);
    const kinds = byDefault
      ? [pairKind(from, to)]
      : (Array.isArray(input.types) ? (input.types as Record<string, unknown>[]) : []).map((t) =>
          checkKind(from.id, to.id, t?.associationCategory, t?.associationTypeId),
        );
    if (kinds.length === 0) throw validationError('Every input needs at least one entry in `types`.');
    try {
      requireObject(ctx, from, fromId);
      requireObject(ctx, to, toId);
    } catch (err) {
      errors.push(batchError(err as HubSpotApiError, undefined, [fromId, toId]));
      continue;
    }
    kinds.forEach((k) => ctx.assocs.add(tx, k, fromId, toId));
    results.push(
      byDefault
        ? { from: { id: fromId }, to: { id: toId }, associationSpec: spec(kinds[0]!) }
        : labeled(from, fromId, to, toId),
    );
  }
  tx.commit();
  const status = errors.length > 0 ? 207 : byDefault ? 200 : 201;
  return { status, body: complete(results, errors.length > 0 ? { numErrors: errors.length, errors } : {}) };
}

function batchRead(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of batchInputs(req.body, MAX_ASSOC_INPUTS)) {
    const id = idOf(input);
    if (!ctx.objects.get(from.id, id)) missing.push(id);
    else results.push({ from: { id }, to: entries(ctx, from, id, to) });
  }
  if (missing.length === 0) return { status: 200, body: complete(results) };
  const error = notFound(`Some ${from.label} records could not be found.`);
  return {
    status: 207,
    body: complete(results, { numErrors: 1, errors: [batchError(error, undefined, missing)] }),
  };
}

function batchArchive(ctx: SimContext, req: SimRequest): SimReply {
  const [from, to] = types(req);
  const inputs = batchInputs(req.body, MAX_ASSOC_INPUTS);
  inTx((tx) => {
    for (const input of inputs) {
      const fromId = idOf(input.from);
      const targets = Array.isArray(input.to) ? input.to : [input.to];
      for (const t of targets) ctx.assocs.removeAll(tx, from.id, fromId, to.id, idOf(t));
    }
  });
  return { status: 204 };
}
