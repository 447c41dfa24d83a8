/**
 * Webhook verification contract. The webhook controller hands the raw body (exact bytes) and the
 * request's headers to the connector's verifier before anything is parsed or stored.
 */

/** The parts of an incoming webhook request a verifier may look at. */
export interface WebhookRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. `/webhooks/pos-1?x=1`. */
  readonly url: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body bytes exactly as received. Signatures are computed over these, never re-serialised JSON. */
  readonly rawBody: Buffer;
  /** When the request arrived (for timestamp windows). */
  readonly receivedAt: Date;
}

/** One event extracted from a verified webhook. */
export interface WebhookEvent {
  /** Vendor event id, used to drop duplicate deliveries. */
  readonly eventId: string;
  /** Vendor event type, e.g. `order.updated`. */
  readonly type: string;
  /** The stream this event belongs to, e.g. `transactions`. */
  readonly stream: string;
  /** Ids to fetch in full with `ConnectorInstance.fetch` when the event carries only a summary. */
  readonly fetchIds?: readonly string[];
  /** The full vendor record when the event carries it. */
  readonly record?: { readonly externalId: string; readonly version?: string; readonly data: unknown };
}

/**
 * Verifies one vendor's signature scheme and turns a verified body into events.
 * @typeParam C the connection's config type (holds the signing secret).
 */
export interface WebhookVerifier<C> {
  /**
   * Returns true only for a correctly signed request. Must compare in constant time
   * (`timingSafeEqualString` in src/sdk/signature.ts) and never throw on malformed input.
   */
  verify(request: WebhookRequest, config: Readonly<C>): boolean;
  /** Parses a verified body into events. Throws `RejectedError` on a body it cannot read. */
  parse(request: WebhookRequest, config: Readonly<C>): WebhookEvent[];
}
