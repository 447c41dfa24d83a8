import { validationError } from './sim-errors';
import type { FieldDef } from './sim-model.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function wrong(model: string, name: string, value: unknown): Error {
  return validationError(`Wrong value for ${model}.${name}: ${JSON.stringify(value)}`);
}

/**
 * Converts a value sent for a non-relational-collection field into what is stored, the way Odoo's
 * `convert_to_cache` does: numbers for number fields (numeric strings accepted), `false` for empty,
 * dates as `YYYY-MM-DD` and datetimes as `YYYY-MM-DD HH:MM:SS` (Odoo refuses ISO `T`/offsets).
 */
export function convertScalar(model: string, name: string, def: FieldDef, value: unknown): unknown {
  const empty = value === false || value === null || value === undefined;
  switch (def.type) {
    case 'char':
    case 'text':
      if (empty) return false;
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw wrong(model, name, value);
    case 'integer':
    case 'float':
    case 'monetary': {
      if (empty) return 0;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw wrong(model, name, value);
      if (def.type === 'integer' && !Number.isInteger(n)) throw wrong(model, name, value);
      return n;
    }
    case 'boolean':
      return Boolean(value);
    case 'date':
      if (empty) return false;
      if (typeof value === 'string' && (DATE.test(value) || DATETIME.test(value))) return value.slice(0, 10);
      throw wrong(model, name, value);
    case 'datetime':
      if (empty) return false;
      if (typeof value === 'string' && DATETIME.test(value)) return value;
      if (typeof value === 'string' && DATE.test(value)) return `${value} 00:00:00`;
      throw validationError(
        `Wrong value for ${model}.${name}: time data ${JSON.stringify(value)} does not match format ` +
          `'%Y-%m-%d %H:%M:%S'`,
      );
    case 'selection':
      if (empty) return false;
      if (typeof value === 'string' && def.selection?.some(([key]) => key === value)) return value;
      throw wrong(model, name, value);
    case 'many2one':
      if (empty) return false;
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
      throw wrong(model, name, value);
    default:
      throw wrong(model, name, value);
  }
}

/** True when a required field holds nothing (Odoo's NOT NULL: false/None). */
export const isMissing = (value: unknown): boolean =>
  value === false || value === null || value === undefined;
