/**
 * The cause of a delivery error without what differs per record: the same failure on 500 sales
 * reads "HTTP 500 from GET http://erp/api/invoices?reference=poshub:r1…" with 500 references, and
 * operators want it as one line with a count. Query strings, poshub references, UUIDs and long
 * ids (a run of 8+ letters/digits with at least one digit) become `…`; short numbers such as
 * status codes and attempt counts stay.
 */
export function errorReason(message: string | null): string | null {
  if (message === null) return null;
  return message
    .replace(/(https?:\/\/[^\s?#)]+)[?#][^\s)]*/g, '$1?…')
    .replace(/poshub:[A-Za-z0-9._-]+/g, 'poshub:…')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '…')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{8,}\b/g, '…');
}
