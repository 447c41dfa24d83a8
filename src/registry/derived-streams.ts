import type { CanonicalKindName, ConnectorManifest } from '../sdk/connector';

/** The stream of buying-behaviour records poshub computes for a POS connection's customers. */
export const CUSTOMER_BEHAVIOUR_STREAM = 'customer-behaviour';

/**
 * A stream poshub itself produces from what a connection's real streams brought in. Routes may use
 * it as a source like any other stream; it is never read from the vendor, so it has no mapping and
 * no schedule.
 */
export interface DerivedStreamSpec {
  readonly name: string;
  readonly kind: CanonicalKindName;
  readonly description: string;
  readonly derived: true;
}

/** The stock levels poshub computes from a connection's stock for the other side (docs/stock-sync.md). */
export const STOCK_SYNC_STREAM = 'stock-sync';

/** The derived streams a connection offers besides its manifest's own. */
export function derivedStreams(manifest: Pick<ConnectorManifest, 'streams'>): DerivedStreamSpec[] {
  const streams: DerivedStreamSpec[] = [];
  if (manifest.streams.some((s) => s.kind === 'transaction')) {
    streams.push({
      name: CUSTOMER_BEHAVIOUR_STREAM,
      kind: 'customer-behaviour',
      description: "each customer's lifetime spend, orders, average order value, dates and favourite product",
      derived: true,
    });
  }
  if (manifest.streams.some((s) => s.kind === 'stock')) {
    streams.push({
      name: STOCK_SYNC_STREAM,
      kind: 'stock',
      description:
        'stock levels for the other side of the `stock:` sync, computed from this one (owner side)',
      derived: true,
    });
  }
  return streams;
}
