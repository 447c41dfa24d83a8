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

/** The derived streams a connection offers besides its manifest's own. */
export function derivedStreams(manifest: Pick<ConnectorManifest, 'streams'>): DerivedStreamSpec[] {
  if (!manifest.streams.some((s) => s.kind === 'transaction')) return [];
  return [
    {
      name: CUSTOMER_BEHAVIOUR_STREAM,
      kind: 'customer-behaviour',
      description: "each customer's lifetime spend, orders, average order value, dates and favourite product",
      derived: true,
    },
  ];
}
