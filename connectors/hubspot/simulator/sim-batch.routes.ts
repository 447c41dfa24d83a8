import { batchError, batchInputs, rejectDuplicateIds, runBatch } from './sim-batch-runner';
import { bodyList, objectBody, toApi, type SimContext } from './sim-context';
import { notFound, validationError, type SimReply } from './sim-errors';
import { applyInlineAssociations } from './sim-inline-associations';
import { resolveType, type ObjectTypeInfo } from './sim-object-types';
import type { SimRouter } from './sim-router';
import { inTx } from './sim-tx';

const BASE = '/crm/v3/objects/{objectType}/batch';

/** `POST /crm/v3/objects/{type}/batch/{create|read|update|upsert|archive}`. */
export function registerBatchRoutes(router: SimRouter, ctx: SimContext): void {
  const on = (action: string, handler: (t: ObjectTypeInfo, body: Record<string, unknown>) => SimReply) =>
    router.add(
      'POST',
      `${BASE}/${action}`,
      (req) => handler(resolveType(req.params.objectType!), objectBody(req.body)),
      {
        write: action !== 'read',
      },
    );
  on('create', (t, body) => create(ctx, t, body));
  on('read', (t, body) => read(ctx, t, body));
  on('update', (t, body) => update(ctx, t, body));
  on('upsert', (t, body) => upsert(ctx, t, body));
  on('archive', (t, body) => archive(ctx, t, body));
}

const idOf = (input: Record<string, unknown>): string => {
  const id = input.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw validationError('Every input needs an `id`.');
  return String(id);
};

const propNames = (input: Record<string, unknown>): string[] => Object.keys(objectBody(input.properties));

function create(ctx: SimContext, t: ObjectTypeInfo, body: Record<string, unknown>): SimReply {
  return runBatch({
    inputs: batchInputs(body),
    okStatus: 201,
    shuffle: (r) => ctx.shuffle(r),
    apply: (tx, input) => {
      const obj = ctx.objects.create(tx, t.id, input.properties, 'INTEGRATION');
      applyInlineAssociations(ctx, tx, t.id, obj.id, input.associations);
      return toApi(ctx, obj, propNames(input));
    },
  });
}

/** `idProperty` for update: hs_object_id, or a declared unique property; never email (see §7). */
function checkUpdateIdProperty(ctx: SimContext, t: ObjectTypeInfo, idProperty: unknown): string | undefined {
  if (idProperty === undefined || idProperty === null || idProperty === 'hs_object_id') return undefined;
  if (typeof idProperty !== 'string' || !ctx.props.uniqueNames(t.id).includes(idProperty))
    throw validationError(
      `Unable to perform update by non-unique ${t.id} property ${String(idProperty)}; use upsert or record ids.`,
    );
  return idProperty;
}

function update(ctx: SimContext, t: ObjectTypeInfo, body: Record<string, unknown>): SimReply {
  const inputs = batchInputs(body);
  const idProps = inputs.map((i) => checkUpdateIdProperty(ctx, t, i.idProperty ?? body.idProperty));
  rejectDuplicateIds(inputs.map(idOf));
  const propOf = new Map(inputs.map((i, n) => [i, idProps[n]]));
  return runBatch({
    inputs,
    okStatus: 200,
    shuffle: (r) => ctx.shuffle(r),
    idsOf: (i) => [idOf(i)],
    apply: (tx, input) => {
      const obj = ctx.objects.findBy(t.id, propOf.get(input), idOf(input));
      if (!obj) throw notFound(`No ${t.label} with id ${idOf(input)} exists.`);
      return toApi(ctx, ctx.objects.update(tx, obj, input.properties, 'INTEGRATION'), propNames(input));
    },
  });
}

function upsert(ctx: SimContext, t: ObjectTypeInfo, body: Record<string, unknown>): SimReply {
  const inputs = batchInputs(body);
  for (const i of inputs) {
    const p = i.idProperty;
    if (typeof p !== 'string' || p === 'hs_object_id' || !ctx.objects.uniqueProps(t.id).includes(p))
      throw validationError(
        `Unable to perform upsert by non-unique ${t.id} property ${String(p)}; idProperty must be a unique property.`,
      );
  }
  rejectDuplicateIds(inputs.map((i) => (i.idProperty === 'email' ? idOf(i).toLowerCase() : idOf(i))));
  return runBatch({
    inputs,
    okStatus: 200,
    shuffle: (r) => ctx.shuffle(r),
    idsOf: (i) => [idOf(i)],
    apply: (tx, input) => {
      const idProperty = input.idProperty as string;
      const properties = { ...objectBody(input.properties), [idProperty]: idOf(input) };
      const existing = ctx.objects.findBy(t.id, idProperty, idOf(input));
      const obj = existing
        ? ctx.objects.update(tx, existing, properties, 'INTEGRATION')
        : ctx.objects.create(tx, t.id, properties, 'INTEGRATION');
      return { ...toApi(ctx, obj, Object.keys(properties)), new: !existing };
    },
  });
}

function read(ctx: SimContext, t: ObjectTypeInfo, body: Record<string, unknown>): SimReply {
  const startedAt = new Date().toISOString();
  const inputs = batchInputs(body);
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  if (idProperty && idProperty !== 'hs_object_id' && !ctx.objects.uniqueProps(t.id).includes(idProperty))
    throw validationError(`${idProperty} is not a unique property of ${t.id}.`);
  const ids = inputs.map(idOf);
  rejectDuplicateIds(ids);
  const requested = bodyList(body.properties);
  const archived = body.archived === true;
  const results = [];
  const missing: string[] = [];
  for (const id of ids) {
    const obj = archived ? ctx.objects.get(t.id, id, true) : ctx.objects.findBy(t.id, idProperty, id);
    if (obj) results.push(toApi(ctx, obj, requested));
    else missing.push(id);
  }
  const out: Record<string, unknown> = {
    status: 'COMPLETE',
    results: ctx.shuffle(results),
    startedAt,
    completedAt: new Date().toISOString(),
  };
  if (missing.length === 0) return { status: 200, body: out };
  const error = notFound(
    `Some ${t.label} records could not be found; they may be archived or never existed.`,
  );
  out.numErrors = 1;
  out.errors = [batchError(error, undefined, missing)];
  return { status: 207, body: out };
}

/** Archives the live records named; unknown ids are skipped, and the answer is always 204. */
function archive(ctx: SimContext, t: ObjectTypeInfo, body: Record<string, unknown>): SimReply {
  const ids = batchInputs(body).map(idOf);
  rejectDuplicateIds(ids);
  inTx((tx) => {
    for (const id of ids) {
      const obj = ctx.objects.get(t.id, id);
      if (obj) ctx.objects.archive(tx, obj, 'INTEGRATION');
    }
  });
  return { status: 204 };
}
