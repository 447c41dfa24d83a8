import { userError } from './sim-errors';
import { formatDatetime, type Row, type Vals } from './sim-model.types';
import type { SimOrm } from './sim-orm';

/* Rules shared by account.move and account.payment. */

/** Refuses a raw `state` in create/write vals. */
export const refuseState = (vals: Vals, how: string): void => {
  // Real Odoo accepts a raw `state` write; the simulator refuses it to catch connectors that skip the action.
  if ('state' in vals) throw userError(`The state changes through ${how}.`);
};

/** Odoo's answer to an edit of a posted entry. */
export const POSTED_EDIT =
  'You cannot do this modification on a posted journal entry, you can just change some non legal fields. ' +
  'You must revert the journal entry to cancel it.';

/** Number of a posted document: `<prefix><journal code>/<year>/<00001>`, per journal and year. */
export const sequenceName = (orm: SimOrm, prefix: string, journalId: unknown): string => {
  const code = String(orm.row('account.journal', journalId as number)?.code ?? 'MISC');
  const year = orm.now().getUTCFullYear();
  const n = orm.store.nextNumber(`${prefix}${code}/${year}`);
  return `${prefix}${code}/${year}/${String(n).padStart(5, '0')}`;
};

/** Changes a document's state (and bumps write_date) the way its actions do. */
export const setState = (orm: SimOrm, model: string, row: Row, changes: Vals): void =>
  orm.store.replace(model, { ...row, ...changes, write_date: formatDatetime(orm.now()) });
