import { validationError } from './sim-errors';
import type { FieldDef } from './sim-model.types';
import type { SimOrm, WriteMode } from './sim-orm';

/*
 * Odoo's x2many write commands:
 *   (0, _, vals) create   (1, id, vals) update   (2, id) delete   (3, id) unlink
 *   (4, id) link          (5, _, _) clear         (6, _, ids) replace
 * A many2many also accepts a plain list of ids (same as 6).
 */

type Command = [number, unknown, unknown];

function parseCommands(model: string, name: string, value: unknown): Command[] {
  if (!Array.isArray(value))
    throw validationError(`Wrong value for ${model}.${name}: ${JSON.stringify(value)}`);
  if (value.every((v) => typeof v === 'number')) return [[6, 0, value]];
  return value.map((cmd) => {
    if (!Array.isArray(cmd) || typeof cmd[0] !== 'number' || cmd[0] < 0 || cmd[0] > 6) {
      throw validationError(`Invalid command ${JSON.stringify(cmd)} for ${model}.${name}`);
    }
    return [cmd[0], cmd[1], cmd[2]] as Command;
  });
}

function targetId(model: string, name: string, cmd: Command): number {
  if (typeof cmd[1] !== 'number')
    throw validationError(`Invalid command ${JSON.stringify(cmd)} for ${model}.${name}`);
  return cmd[1];
}

function idsOf(model: string, name: string, cmd: Command): number[] {
  const ids = cmd[2];
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'number')) {
    throw validationError(`Invalid command ${JSON.stringify(cmd)} for ${model}.${name}`);
  }
  return ids as number[];
}

/** Applies the commands sent for x2many field `name` of record `id`. */
export function applyX2many(
  orm: SimOrm,
  model: string,
  id: number,
  name: string,
  field: FieldDef,
  value: unknown,
  mode: WriteMode,
): void {
  const relation = field.relation!;
  const commands = parseCommands(model, name, value);
  if (field.type === 'one2many') {
    const inverse = field.inverse!;
    const children = (): number[] => orm.value(model, orm.row(model, id)!, name) as number[];
    const own = (cmd: Command): number => {
      const child = targetId(model, name, cmd);
      orm.browse(relation, [child]);
      return child;
    };
    for (const cmd of commands) {
      switch (cmd[0]) {
        case 0:
          orm.create(relation, { ...(cmd[2] as object), [inverse]: id }, mode);
          break;
        case 1:
          orm.write(relation, [own(cmd)], cmd[2], mode);
          break;
        case 2:
        case 3:
          // Lines hang on a required, cascading many2one: unlinking them deletes them, as in Odoo.
          orm.unlink(relation, [own(cmd)]);
          break;
        case 4:
          orm.write(relation, [own(cmd)], { [inverse]: id }, mode);
          break;
        case 5:
          if (children().length > 0) orm.unlink(relation, children());
          break;
        case 6: {
          const keep = idsOf(model, name, cmd);
          const drop = children().filter((c) => !keep.includes(c));
          if (drop.length > 0) orm.unlink(relation, drop);
          orm.browse(relation, keep);
          if (keep.length > 0) orm.write(relation, keep, { [inverse]: id }, mode);
          break;
        }
      }
    }
    return;
  }
  let ids = [...(orm.value(model, orm.row(model, id)!, name) as number[])];
  for (const cmd of commands) {
    switch (cmd[0]) {
      case 0:
        ids.push(orm.create(relation, cmd[2], mode));
        break;
      case 1:
        orm.write(relation, [targetId(model, name, cmd)], cmd[2], mode);
        break;
      case 2:
        orm.unlink(relation, [targetId(model, name, cmd)]);
        ids = ids.filter((x) => x !== cmd[1]);
        break;
      case 3:
        ids = ids.filter((x) => x !== cmd[1]);
        break;
      case 4:
        orm.browse(relation, [targetId(model, name, cmd)]);
        if (!ids.includes(cmd[1] as number)) ids.push(cmd[1] as number);
        break;
      case 5:
        ids = [];
        break;
      case 6:
        ids = [...new Set(idsOf(model, name, cmd))];
        orm.browse(relation, ids);
        break;
    }
  }
  orm.store.replace(model, { ...orm.row(model, id)!, [name]: ids });
}
