import type { ModelDef } from './sim-model.types';

/**
 * `fields_get(allfields, attributes)`: per field its string, type, required, readonly, store and,
 * when relevant, relation, relation_field and selection; `attributes` narrows the keys.
 */
export function describeFields(
  def: ModelDef,
  allfields?: unknown,
  attributes?: unknown,
): Record<string, Record<string, unknown>> {
  const names =
    Array.isArray(allfields) && allfields.length > 0 ? (allfields as string[]) : Object.keys(def.fields);
  const wanted = Array.isArray(attributes) && attributes.length > 0 ? (attributes as string[]) : undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    if (typeof name !== 'string' || !Object.hasOwn(def.fields, name)) continue;
    const f = def.fields[name]!;
    const info: Record<string, unknown> = {
      string: f.string,
      type: f.type,
      required: f.required === true,
      readonly: f.readonly === true || f.compute !== undefined,
      store: f.compute === undefined && name !== 'display_name' && f.type !== 'one2many',
    };
    if (f.relation) info.relation = f.relation;
    if (f.inverse) info.relation_field = f.inverse;
    if (f.selection) info.selection = f.selection.map(([k, v]) => [k, v]);
    out[name] = wanted ? Object.fromEntries(Object.entries(info).filter(([k]) => wanted.includes(k))) : info;
  }
  return out;
}
