import { conflict } from './sim-errors';
import { typeInfo } from './sim-object-types';
import type { SimPipeline } from './sim-pipelines';
import type { PropertyStore } from './sim-properties.store';
import type { SimClock, WriteTx } from './sim-tx';
import { lineItemAmount } from './sim-values';
import { checkWrite } from './sim-write-check';
import type { ChangeSource, ObjectTypeId } from './sim.types';

/** A stored CRM record; replaced (never mutated) on every write so undo can put the old one back. */
export interface StoredObject {
  readonly id: string;
  readonly type: ObjectTypeId;
  readonly props: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly archived: boolean;
  readonly archivedAt?: number;
}

/** A committed change, for counters and webhook events. */
export interface ObjectChange {
  readonly kind: 'create' | 'update' | 'archive';
  readonly object: StoredObject;
  /** Properties whose value changed (null = cleared). */
  readonly changed: Readonly<Record<string, string | null>>;
  readonly source: ChangeSource;
}

export interface ObjectStoreDeps {
  readonly props: PropertyStore;
  readonly pipelines: readonly SimPipeline[];
  readonly clock: SimClock;
  readonly nextId: () => string;
  readonly onChange: (change: ObjectChange) => void;
  readonly onConflict: (source: ChangeSource) => void;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Records per type, with an index of unique values (contact email, hasUniqueValue properties). */
export class ObjectStore {
  private readonly objects = new Map<ObjectTypeId, Map<string, StoredObject>>([
    ['0-1', new Map()],
    ['0-3', new Map()],
    ['0-8', new Map()],
  ]);
  private readonly unique = new Map<string, Map<string, string>>();

  constructor(private readonly deps: ObjectStoreDeps) {}

  /** Ids ascending (ids are handed out in increasing order and Map keeps insertion order). */
  all(type: ObjectTypeId, archived = false): StoredObject[] {
    return [...this.objects.get(type)!.values()].filter((o) => o.archived === archived);
  }

  get(type: ObjectTypeId, id: string, archived = false): StoredObject | undefined {
    const o = this.objects.get(type)!.get(id);
    return o && o.archived === archived ? o : undefined;
  }

  defaultsOf(type: ObjectTypeId): readonly string[] {
    return typeInfo(type).defaults;
  }

  /** Properties that identify a record: contact email plus those declared `hasUniqueValue`. */
  uniqueProps(type: ObjectTypeId): string[] {
    const names = this.deps.props.uniqueNames(type);
    return type === '0-1' ? ['email', ...names] : names;
  }

  /** A live record by id (`idProperty` unset or hs_object_id) or by a unique property value. */
  findBy(type: ObjectTypeId, idProperty: string | undefined, value: string): StoredObject | undefined {
    if (idProperty === undefined || idProperty === 'hs_object_id') return this.get(type, value);
    const id = this.index(type, idProperty).get(normalizeKey(idProperty, value));
    return id === undefined ? undefined : this.get(type, id);
  }

  create(tx: WriteTx, type: ObjectTypeId, input: unknown, source: ChangeSource): StoredObject {
    const values = checkWrite(this.deps.props, this.deps.pipelines, type, input);
    this.checkUnique(type, undefined, values, source);
    const at = this.deps.clock.now();
    const id = this.deps.nextId();
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== null) props[k] = v;
    derive(type, props);
    props.createdate ??= iso(at);
    props[typeInfo(type).lastModified] = iso(at);
    props.hs_object_id = id;
    const obj: StoredObject = { id, type, props, createdAt: at, updatedAt: at, archived: false };
    this.replace(type, id, obj);
    tx.onUndo(() => this.replace(type, id, undefined));
    const changed = { ...props };
    tx.onCommit(() => this.deps.onChange({ kind: 'create', object: obj, changed, source }));
    return obj;
  }

  update(tx: WriteTx, obj: StoredObject, input: unknown, source: ChangeSource): StoredObject {
    const { type } = obj;
    const values = checkWrite(this.deps.props, this.deps.pipelines, type, input, obj.props);
    this.checkUnique(type, obj.id, values, source);
    const props: Record<string, string> = { ...obj.props };
    for (const [k, v] of Object.entries(values)) {
      if (v === null) delete props[k];
      else props[k] = v;
    }
    derive(type, props);
    const changed: Record<string, string | null> = {};
    for (const k of new Set([...Object.keys(props), ...Object.keys(obj.props)])) {
      if (props[k] !== obj.props[k]) changed[k] = props[k] ?? null;
    }
    // HubSpot leaves the modification date alone when a write changes nothing.
    const updatedAt = Object.keys(changed).length > 0 ? this.deps.clock.now() : obj.updatedAt;
    props[typeInfo(type).lastModified] = iso(updatedAt);
    const next: StoredObject = { ...obj, props, updatedAt };
    this.replace(type, obj.id, next);
    tx.onUndo(() => this.replace(type, obj.id, obj));
    tx.onCommit(() => this.deps.onChange({ kind: 'update', object: next, changed, source }));
    return next;
  }

  archive(tx: WriteTx, obj: StoredObject, source: ChangeSource): void {
    const next: StoredObject = { ...obj, archived: true, archivedAt: this.deps.clock.now() };
    this.replace(obj.type, obj.id, next);
    tx.onUndo(() => this.replace(obj.type, obj.id, obj));
    tx.onCommit(() => this.deps.onChange({ kind: 'archive', object: next, changed: {}, source }));
  }

  /** GDPR delete: the record leaves for good, its values with it (kept only as an empty tombstone). */
  purge(tx: WriteTx, obj: StoredObject, source: ChangeSource): void {
    const next: StoredObject = { ...obj, props: {}, archived: true, archivedAt: this.deps.clock.now() };
    this.replace(obj.type, obj.id, next);
    tx.onUndo(() => this.replace(obj.type, obj.id, obj));
    tx.onCommit(() => this.deps.onChange({ kind: 'archive', object: next, changed: {}, source }));
  }

  /** Live records sharing a value an integrator should keep unique (see HubSpotSimulator.duplicates). */
  duplicates(): number {
    const checks: [ObjectTypeId, string][] = [
      ['0-1', 'email'],
      ['0-8', 'poshub_line_key'],
      ['0-3', 'poshub_transaction_id'],
    ];
    for (const type of ['0-1', '0-3', '0-8'] as const)
      for (const p of this.deps.props.uniqueNames(type)) checks.push([type, p]);
    let dupes = 0;
    for (const [type, prop] of new Map(checks.map((c) => [c.join('|'), c])).values()) {
      const seen = new Set<string>();
      for (const o of this.all(type)) {
        const v = o.props[prop];
        if (v === undefined) continue;
        const key = normalizeKey(prop, v);
        if (seen.has(key)) dupes += 1;
        seen.add(key);
      }
    }
    return dupes;
  }

  private checkUnique(
    type: ObjectTypeId,
    selfId: string | undefined,
    values: Record<string, string | null>,
    source: ChangeSource,
  ): void {
    for (const prop of this.uniqueProps(type)) {
      const v = values[prop];
      if (v === undefined || v === null) continue;
      const existing = this.index(type, prop).get(normalizeKey(prop, v));
      if (existing === undefined || existing === selfId) continue;
      this.deps.onConflict(source);
      if (type === '0-1' && prop === 'email')
        throw conflict(`Contact already exists. Existing ID: ${existing}`);
      throw conflict(
        `A ${typeInfo(type).label} with the value "${v}" for unique property "${prop}" already exists. Existing ID: ${existing}`,
        { context: { propertyName: [prop], id: [existing] } },
      );
    }
  }

  private index(type: ObjectTypeId, prop: string): Map<string, string> {
    const key = `${type}|${prop}`;
    let idx = this.unique.get(key);
    if (!idx) {
      idx = new Map();
      for (const o of this.all(type))
        if (o.props[prop] !== undefined) idx.set(normalizeKey(prop, o.props[prop]), o.id);
      this.unique.set(key, idx);
    }
    return idx;
  }

  private replace(type: ObjectTypeId, id: string, next: StoredObject | undefined): void {
    const map = this.objects.get(type)!;
    const prev = map.get(id);
    for (const prop of this.uniqueProps(type)) {
      const idx = this.index(type, prop);
      const old = prev && !prev.archived ? prev.props[prop] : undefined;
      if (old !== undefined && idx.get(normalizeKey(prop, old)) === id) idx.delete(normalizeKey(prop, old));
      const now = next && !next.archived ? next.props[prop] : undefined;
      if (now !== undefined) idx.set(normalizeKey(prop, now), id);
    }
    if (next) map.set(id, next);
    else map.delete(id);
  }
}

/** Emails match case-insensitively; other unique values exactly. */
function normalizeKey(prop: string, value: string): string {
  return prop === 'email' ? value.trim().toLowerCase() : value;
}

function derive(type: ObjectTypeId, props: Record<string, string>): void {
  if (type !== '0-8') return;
  const amount = lineItemAmount(props);
  if (amount === null) delete props.amount;
  else props.amount = amount;
}
