import { validationError } from './sim-errors';
import type { FieldDef, Row } from './sim-model.types';

/** What domain evaluation and ordering need from the ORM. */
export interface DomainHost {
  field(model: string, name: string): FieldDef | undefined;
  value(model: string, row: Row, name: string): unknown;
  row(model: string, id: number): Row | undefined;
  displayName(model: string, row: Row): string;
}

type Node =
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly arg: Node }
  | { readonly kind: 'leaf'; readonly path: string[]; readonly op: string; readonly value: unknown }
  | { readonly kind: 'const'; readonly value: boolean };

const OPERATORS = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
]);

/**
 * Parses an Odoo domain (prefix notation, implicit `&` between top-level terms) against `model`.
 * Unknown fields and operators are a ValidationError, as the ORM refuses them before querying.
 */
export function parseDomain(host: DomainHost, model: string, domain: unknown): Node {
  if (domain === undefined || domain === null || domain === false) return { kind: 'const', value: true };
  if (!Array.isArray(domain)) throw validationError(`Invalid domain: ${JSON.stringify(domain)}`);
  let i = 0;
  const next = (): Node => {
    if (i >= domain.length)
      throw validationError(`Invalid domain (missing operand): ${JSON.stringify(domain)}`);
    const term: unknown = domain[i++];
    if (term === '&' || term === '|') {
      const left = next();
      return { kind: term === '&' ? 'and' : 'or', left, right: next() };
    }
    if (term === '!') return { kind: 'not', arg: next() };
    return leaf(host, model, term);
  };
  let node: Node = { kind: 'const', value: true };
  let first = true;
  while (i < domain.length) {
    const term = next();
    node = first ? term : { kind: 'and', left: node, right: term };
    first = false;
  }
  return node;
}

function leaf(host: DomainHost, model: string, term: unknown): Node {
  if (!Array.isArray(term) || term.length !== 3)
    throw validationError(`Invalid leaf ${JSON.stringify(term)}`);
  const [left, op, value] = term as [unknown, unknown, unknown];
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (typeof left === 'number' && op === '=' && value === 1) return { kind: 'const', value: left === 1 };
  if (typeof left !== 'string' || typeof op !== 'string' || !OPERATORS.has(op.toLowerCase())) {
    throw validationError(`Invalid leaf ${JSON.stringify(term)}`);
  }
  const path = left.split('.');
  let current = model;
  path.forEach((name, index) => {
    const def = host.field(current, name);
    if (!def) throw validationError(`Invalid field ${current}.${name} in leaf ${JSON.stringify(term)}`);
    if (index < path.length - 1) {
      if (!def.relation) throw validationError(`Invalid path ${left} in leaf ${JSON.stringify(term)}`);
      current = def.relation;
    }
  });
  const normalized = op.toLowerCase();
  if ((normalized === 'in' || normalized === 'not in') && !Array.isArray(value)) {
    return { kind: 'leaf', path, op: normalized, value: [value] };
  }
  return { kind: 'leaf', path, op: normalized, value };
}

export function matches(host: DomainHost, model: string, row: Row, node: Node): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'and':
      return matches(host, model, row, node.left) && matches(host, model, row, node.right);
    case 'or':
      return matches(host, model, row, node.left) || matches(host, model, row, node.right);
    case 'not':
      return !matches(host, model, row, node.arg);
    case 'leaf':
      return matchPath(host, model, row, node.path, node.op, node.value);
  }
}

/** True when the domain mentions `name` at its top level (used for Odoo's implicit active filter). */
export function mentionsField(node: Node, name: string): boolean {
  if (node.kind === 'leaf') return node.path[0] === name;
  if (node.kind === 'not') return mentionsField(node.arg, name);
  if (node.kind === 'const') return false;
  return mentionsField(node.left, name) || mentionsField(node.right, name);
}

function matchPath(
  host: DomainHost,
  model: string,
  row: Row,
  path: string[],
  op: string,
  value: unknown,
): boolean {
  const [name, ...rest] = path as [string, ...string[]];
  const def = host.field(model, name)!;
  const raw = host.value(model, row, name);
  if (rest.length === 0) return compareField(host, def, raw, op, value);
  // A dotted path is true when any related record satisfies the rest (Odoo's subquery semantics).
  const ids = def.type === 'many2one' ? (typeof raw === 'number' ? [raw] : []) : (raw as number[]);
  return ids.some((id) => {
    const related = host.row(def.relation!, id);
    return related !== undefined && matchPath(host, def.relation!, related, rest, op, value);
  });
}

function compareField(host: DomainHost, def: FieldDef, raw: unknown, op: string, value: unknown): boolean {
  if (def.type === 'one2many' || def.type === 'many2many') {
    const ids = raw as number[];
    const wanted = Array.isArray(value) ? value : [value];
    if (value === false || (Array.isArray(value) && value.length === 0 && op === '=')) {
      return op === '!=' || op === 'not in' ? ids.length > 0 : ids.length === 0;
    }
    const hit = ids.some((id) => wanted.includes(id));
    if (op === '=' || op === 'in') return hit;
    if (op === '!=' || op === 'not in') return !hit;
    throw validationError(`Operator ${op} is not supported on ${def.type} fields in this simulator`);
  }
  if (def.type === 'many2one' && typeof value === 'string' && typeof raw === 'number') {
    // Odoo resolves a name given for a many2one through name_search on the target model.
    const related = host.row(def.relation!, raw);
    return compareScalar(related ? host.displayName(def.relation!, related) : false, op, value);
  }
  return compareScalar(def.type === 'boolean' ? raw === true : raw, op, value);
}

const isNull = (v: unknown): boolean => v === false || v === null || v === undefined;

/** SQL LIKE semantics: `%` and `_` are wildcards in the value too (Odoo does not escape them). */
function likeRegExp(pattern: string, anchored: boolean, flags: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = escaped.replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(anchored ? `^${body}$` : body, `s${flags}`);
}

function compareScalar(raw: unknown, op: string, value: unknown): boolean {
  switch (op) {
    case '=':
      return isNull(value) ? isNull(raw) : raw === value;
    case '!=':
      // Odoo turns `!=` into `field != v OR field IS NULL`.
      return isNull(value) ? !isNull(raw) : raw !== value;
    case 'in':
      return (value as unknown[]).some((v) => (isNull(v) ? isNull(raw) : v === raw));
    case 'not in':
      return !(value as unknown[]).some((v) => (isNull(v) ? isNull(raw) : v === raw));
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (isNull(raw) || isNull(value)) return false;
      const [a, b] = [raw as number | string, value as number | string];
      if (op === '<') return a < b;
      if (op === '<=') return a <= b;
      if (op === '>') return a > b;
      return a >= b;
    }
    default: {
      const negative = op.startsWith('not ');
      const base = negative ? op.slice(4) : op;
      if (isNull(value)) return negative ? !isNull(raw) : isNull(raw);
      if (isNull(raw)) return negative;
      const anchored = base.startsWith('=');
      const re = likeRegExp(String(value), anchored, base.endsWith('ilike') ? 'i' : '');
      return re.test(String(raw)) !== negative;
    }
  }
}

/** One `field dir` term of an order string. */
export interface OrderTerm {
  readonly path: string;
  readonly desc: boolean;
}

/** Parses "write_date asc, id asc"; unknown fields and directions are a ValidationError. */
export function parseOrder(host: DomainHost, model: string, order: unknown): OrderTerm[] {
  if (order === undefined || order === null || order === false || order === '') return [];
  if (typeof order !== 'string') throw validationError(`Invalid "order" specified (${String(order)}).`);
  return order.split(',').map((part) => {
    const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m || !host.field(model, m[1]!)) throw validationError(`Invalid "order" specified (${order}).`);
    return { path: m[1]!, desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  });
}

/**
 * Sorts like PostgreSQL under Odoo: NULLs last ascending and first descending, many2one by the
 * target's display name, and `id asc` as the final tie-break so pages never shift.
 */
export function sortRows(host: DomainHost, model: string, rows: Row[], terms: OrderTerm[]): Row[] {
  const key = (row: Row, term: OrderTerm): number | string | undefined => {
    const def = host.field(model, term.path)!;
    const raw = host.value(model, row, term.path);
    if (def.type === 'boolean') return raw === true ? 1 : 0;
    if (def.type === 'many2one' && typeof raw === 'number') {
      const related = host.row(def.relation!, raw);
      return related ? host.displayName(def.relation!, related) : undefined;
    }
    return isNull(raw) ? undefined : (raw as number | string);
  };
  return [...rows].sort((a, b) => {
    for (const term of terms) {
      const [x, y] = [key(a, term), key(b, term)];
      if (x === y) continue;
      // PostgreSQL treats NULL as larger than every value.
      const cmp = x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
      return term.desc ? -cmp : cmp;
    }
    return a.id - b.id;
  });
}
