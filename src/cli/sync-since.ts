/**
 * `poshub sync --since`: the checkpoint that makes a connector's next read start at an instant.
 * Checkpoints are each connector's own format, so only connectors whose cursor is a time can be
 * moved; a paging cursor (fake-pos's `seq`, scaffolded connectors) has no instant to move to.
 *
 * | connector | streams | checkpoint written |
 * |---|---|---|
 * | square | orders, customers, stock | `{"updatedAfter": iso}` |
 * | square | catalog | `{"beginTime": iso}` |
 * | hubspot | customers | `{"since": epoch ms}` |
 * | odoo | every stream | `{"writeDate": "YYYY-MM-DD HH:MM:SS", "id": 0}` (Odoo's naive UTC) |
 */
const BUILDERS: Readonly<Record<string, (stream: string, since: Date) => string>> = {
  square: (stream, since) =>
    JSON.stringify(
      stream === 'catalog' ? { beginTime: since.toISOString() } : { updatedAfter: since.toISOString() },
    ),
  hubspot: (_stream, since) => JSON.stringify({ since: since.getTime() }),
  odoo: (_stream, since) =>
    JSON.stringify({ writeDate: since.toISOString().slice(0, 19).replace('T', ' '), id: 0 }),
};

/** Connectors whose window start `--since` can set. */
export const SINCE_CONNECTORS: readonly string[] = Object.keys(BUILDERS);

/** The checkpoint for reading `stream` of a `connector` connection from `since`, or undefined. */
export function checkpointSince(connector: string, stream: string, since: Date): string | undefined {
  return BUILDERS[connector]?.(stream, since);
}
