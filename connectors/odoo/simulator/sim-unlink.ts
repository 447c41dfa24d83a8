import { validationError } from './sim-errors';
import type { SimOrm } from './sim-orm';

/**
 * Deletes rows and follows the foreign keys pointing at them like PostgreSQL under Odoo: cascade
 * deletes the referencing rows, restrict (the default for required many2one) refuses, set null
 * clears; many2many links to the deleted rows disappear.
 */
export function unlinkRows(orm: SimOrm, model: string, ids: number[]): void {
  const gone = new Set(ids);
  for (const other of orm.modelNames()) {
    for (const [name, field] of Object.entries(orm.model(other).fields)) {
      if (field.relation !== model || field.compute) continue;
      if (field.type === 'many2one') {
        const refs = orm.store.rows(other).filter((r) => gone.has(r[name] as number));
        if (refs.length === 0) continue;
        const ondelete = field.ondelete ?? (field.required ? 'restrict' : 'set null');
        if (ondelete === 'cascade') {
          unlinkRows(
            orm,
            other,
            refs.map((r) => r.id),
          );
        } else if (ondelete === 'restrict') {
          throw validationError(
            'The operation cannot be completed: another model requires the record being deleted. ' +
              `If possible, archive it instead.\n\nModel: ${orm.model(other).description} (${other}), ` +
              `Field: ${field.string} (${name})`,
          );
        } else {
          for (const r of refs) orm.store.replace(other, { ...r, [name]: false });
        }
      } else if (field.type === 'many2many') {
        for (const r of orm.store.rows(other)) {
          const links = (r[name] as number[] | undefined) ?? [];
          if (links.some((x) => gone.has(x))) {
            orm.store.replace(other, { ...r, [name]: links.filter((x) => !gone.has(x)) });
          }
        }
      }
    }
  }
  for (const id of ids) if (orm.row(model, id)) orm.store.delete(model, id);
}
