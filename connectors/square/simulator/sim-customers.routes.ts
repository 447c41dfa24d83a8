import { iso } from './sim-clock';
import type { SimContext } from './sim-context';
import { SquareApiError, invalid, notFound, type SimReply } from './sim-errors';
import type { SimRouter } from './sim-http.server';
import { decodeCursor, encodeCursor, pageAfter, queryHash, sortByKey, type SortKey } from './sim-paging';
import { optBoolean, optEnum, optLimit, optObject, optString, optTime } from './sim-request';
import type { SquareCustomer } from './sim.types';

const TEXT_FIELDS = [
  'given_name',
  'family_name',
  'company_name',
  'nickname',
  'email_address',
  'phone_number',
  'reference_id',
  'note',
  'birthday',
] as const;
const IDENTIFYING = ['given_name', 'family_name', 'company_name', 'email_address', 'phone_number'] as const;

/*
 * Version conflicts: the spec's ErrorCode list has no VERSION_MISMATCH, only the generic CONFLICT
 * (category INVALID_REQUEST_ERROR), which belongs to the HTTP-status family of codes (NOT_FOUND →
 * 404, CONFLICT → 409, RATE_LIMITED → 429). So a stale `version` is answered 409 with code CONFLICT.
 */
function versionConflict(expected: number, actual: number): SquareApiError {
  return new SquareApiError(
    409,
    'INVALID_REQUEST_ERROR',
    'CONFLICT',
    `Version mismatch: the request has version ${expected} but the customer is at version ${actual}.`,
    'version',
  );
}

/** Checks and copies the writable text fields; `null` clears a field on update. */
function applyFields(target: SquareCustomer, body: Record<string, unknown>, allowNull: boolean): void {
  for (const field of TEXT_FIELDS) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value === null && allowNull) {
      delete target[field];
      continue;
    }
    const text = optString(body, field);
    if (text === undefined) continue;
    if (field === 'email_address' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text))
      throw invalid('INVALID_EMAIL_ADDRESS', `\`${text}\` is not a valid email address.`, field);
    if (field === 'phone_number' && !/^\+?[0-9 ()\-.]{5,20}$/.test(text))
      throw invalid('INVALID_PHONE_NUMBER', `\`${text}\` is not a valid phone number.`, field);
    if (field === 'reference_id' && text.length > 100)
      throw invalid('VALUE_TOO_LONG', '`reference_id` must be at most 100 characters.', field);
    target[field] = text;
  }
  const address = optObject(body, 'address');
  if (address) target.address = address as Record<string, string>;
  else if (allowNull && body.address === null) delete target.address;
}

function textFilter(
  filter: Record<string, unknown>,
  field: string,
): ((value: string | undefined) => boolean) | undefined {
  const f = optObject(filter, field);
  if (!f) return undefined;
  const exact = optString(f, 'exact');
  const fuzzy = optString(f, 'fuzzy');
  const norm = (s: string): string =>
    field === 'phone_number' ? s.replace(/[^0-9+]/g, '') : s.toLowerCase();
  if (exact !== undefined) return (v) => v !== undefined && norm(v) === norm(exact);
  if (fuzzy !== undefined) return (v) => v !== undefined && norm(v).includes(norm(fuzzy));
  return undefined;
}

function rangeFilter(filter: Record<string, unknown>, field: 'created_at' | 'updated_at') {
  const r = optObject(filter, field);
  if (!r) return undefined;
  const start = optTime(r, 'start_at', `query.filter.${field}.start_at`);
  const end = optTime(r, 'end_at', `query.filter.${field}.end_at`);
  return (c: SquareCustomer): boolean => {
    const ms = Date.parse(c[field]);
    return (start === undefined || ms >= start) && (end === undefined || ms <= end);
  };
}

function searchCustomers(ctx: SimContext, body: Record<string, unknown>): SimReply {
  const limit = optLimit(body, 'limit', 1, 100) ?? 100;
  const count = optBoolean(body, 'count') ?? false;
  const query = optObject(body, 'query') ?? {};
  const filter = optObject(query, 'filter') ?? {};
  const sort = optObject(query, 'sort') ?? {};
  const field = optEnum(sort, 'field', ['DEFAULT', 'CREATED_AT'], 'query.sort.field') ?? 'DEFAULT';
  const desc = optEnum(sort, 'order', ['ASC', 'DESC'], 'query.sort.order') === 'DESC';
  const checks: ((c: SquareCustomer) => boolean)[] = [];
  for (const f of ['created_at', 'updated_at'] as const) {
    const check = rangeFilter(filter, f);
    if (check) checks.push(check);
  }
  for (const f of ['email_address', 'phone_number', 'reference_id'] as const) {
    const check = textFilter(filter, f);
    if (check) checks.push((c) => check(c[f]));
  }
  const hash = queryHash({ q: body.query ?? null });
  const cursor = optString(body, 'cursor');
  const state = cursor !== undefined ? decodeCursor(cursor, hash) : undefined;
  const keyOf = (c: SquareCustomer): SortKey =>
    field === 'CREATED_AT'
      ? Date.parse(c.created_at)
      : `${c.given_name ?? ''} ${c.family_name ?? ''} ${c.company_name ?? ''}`.toLowerCase();
  const matching = sortByKey(
    [...ctx.customers.values()].filter((c) => checks.every((check) => check(c))),
    keyOf,
    (c) => c.id,
    desc,
  );
  const after = state ? { k: state.k, id: state.id } : undefined;
  const { page, last } = pageAfter(matching, keyOf, (c) => c.id, desc, after, limit);
  const response: Record<string, unknown> = {};
  if (page.length > 0) response.customers = page;
  if (last) response.cursor = encodeCursor({ q: hash, k: last.k, id: last.id });
  if (count) response.count = matching.length;
  return { status: 200, body: response };
}

function createCustomer(ctx: SimContext, body: Record<string, unknown>): SimReply {
  const key = optString(body, 'idempotency_key');
  return ctx.idempotency.run('CreateCustomer', key, body, () => {
    if (!IDENTIFYING.some((f) => typeof body[f] === 'string' && body[f] !== '')) {
      throw invalid(
        'MISSING_REQUIRED_PARAMETER',
        'At least one of given_name, family_name, company_name, email_address or phone_number is required.',
      );
    }
    const now = iso(ctx.clock.tick());
    const customer: SquareCustomer = {
      id: ctx.newId('customer'),
      created_at: now,
      updated_at: now,
      preferences: { email_unsubscribed: false },
      creation_source: 'THIRD_PARTY',
      version: 0,
    };
    applyFields(customer, body, false);
    ctx.customers.set(customer.id, customer);
    ctx.counters.customerCreates += 1;
    ctx.notify('customer.created', { type: 'customer', id: customer.id, object: { customer } });
    return { status: 200, body: { customer } };
  });
}

/** SearchCustomers, CreateCustomer, RetrieveCustomer, UpdateCustomer (sparse), DeleteCustomer. */
export function registerCustomerRoutes(router: SimRouter, ctx: SimContext): void {
  const find = (id: string): SquareCustomer => {
    const customer = ctx.customers.get(id);
    if (!customer) throw notFound(`Customer with ID \`${id}\` not found.`);
    return customer;
  };

  router.add('POST', '/v2/customers/search', (req) => searchCustomers(ctx, req.body));
  router.add('POST', '/v2/customers', (req) => createCustomer(ctx, req.body));
  router.add('GET', '/v2/customers/{customer_id}', (req) => ({
    status: 200,
    body: { customer: find(req.params.customer_id!) },
  }));

  router.add('PUT', '/v2/customers/{customer_id}', (req) => {
    const current = find(req.params.customer_id!);
    const version = req.body.version;
    if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version)))
      throw invalid('EXPECTED_INTEGER', 'Expected `version` to be an integer.', 'version');
    if (version !== undefined && version !== current.version) throw versionConflict(version, current.version);
    const next: SquareCustomer = { ...current };
    applyFields(next, req.body, true);
    next.version = current.version + 1;
    next.updated_at = iso(ctx.clock.tick());
    ctx.customers.set(next.id, next);
    ctx.notify('customer.updated', { type: 'customer', id: next.id, object: { customer: next } });
    return { status: 200, body: { customer: next } };
  });

  router.add('DELETE', '/v2/customers/{customer_id}', (req) => {
    const current = find(req.params.customer_id!);
    const raw = req.query.get('version');
    if (raw !== null) {
      if (!/^\d+$/.test(raw))
        throw invalid('EXPECTED_INTEGER', 'Expected `version` to be an integer.', 'version');
      if (Number(raw) !== current.version) throw versionConflict(Number(raw), current.version);
    }
    ctx.customers.delete(current.id);
    ctx.notify('customer.deleted', {
      type: 'customer',
      id: current.id,
      object: { customer: { id: current.id, version: current.version + 1 } },
    });
    return { status: 200, body: {} };
  });
}
