import { createHmac, randomUUID } from 'node:crypto';

/**
 * Square's webhook signature: base64(HMAC-SHA256(signature key, notification URL + raw body)), the
 * URL exactly as registered, no separator.
 * https://developer.squareup.com/docs/webhooks/step3validate
 */
export function signSquareWebhook(signatureKey: string, notificationUrl: string, rawBody: string): string {
  return createHmac('sha256', signatureKey)
    .update(notificationUrl + rawBody)
    .digest('base64');
}

/**
 * Square retries a failed delivery (non-2xx, 3xx included, or no answer within 10 s) over 72 h at
 * 1, 2, 4, 8, 16 and 32 minutes, then hourly. The simulator keeps that sequence, in units of
 * `retryScaleMs` instead of minutes, for at most 10 retries.
 * https://developer.squareup.com/docs/webhooks-api/delivery-sla
 */
export const RETRY_UNITS = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60] as const;

const DELIVERY_TIMEOUT_MS = 10_000;
// Deliveries in flight at once, so a burst of generated orders does not open thousands of sockets.
const MAX_IN_FLIGHT = 16;

/** One delivery attempt, for tests. */
export interface WebhookAttempt {
  readonly eventId: string;
  readonly type: string;
  readonly attempt: number;
  /** HTTP status, or 'error' when the receiver could not be reached. */
  readonly status: number | 'error';
  readonly at: number;
}

export interface WebhookSenderOptions {
  readonly notificationUrl: string;
  readonly signatureKey: string;
  readonly merchantId: string;
  readonly retryScaleMs: number;
  /** `square-environment` header value. */
  readonly environment: 'Production' | 'Sandbox';
}

/** Delivers signed Square webhook events with Square's retry schedule. */
export class WebhookSender {
  private readonly attempts: WebhookAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Sends an event now; resolves after the first attempt (retries continue in the background). */
  async emit(type: string, data: object): Promise<{ eventId: string }> {
    const eventId = randomUUID();
    const rawBody = JSON.stringify({
      merchant_id: this.options.merchantId,
      type,
      event_id: eventId,
      created_at: new Date().toISOString(),
      data,
    });
    await this.track(this.attempt(eventId, type, rawBody, 0));
    return { eventId };
  }

  log(): WebhookAttempt[] {
    return [...this.attempts];
  }

  /** Resolves once no attempt is running or scheduled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.timers.size > 0) {
      if (this.pending.size > 0) await Promise.all([...this.pending]);
      else await new Promise((r) => setTimeout(r, Math.max(1, this.options.retryScaleMs)));
    }
  }

  /** Cancels scheduled retries and waits for running attempts. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    return p.finally(() => this.pending.delete(p));
  }

  private async attempt(eventId: string, type: string, rawBody: string, n: number): Promise<void> {
    if (this.closed) return;
    const { notificationUrl, signatureKey, environment } = this.options;
    let status: number | 'error';
    while (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight += 1;
    try {
      const res = await fetch(notificationUrl, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Square Connect v2',
          'square-environment': environment,
          'x-square-hmacsha256-signature': signSquareWebhook(signatureKey, notificationUrl, rawBody),
        },
        body: rawBody,
      });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 'error';
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
    this.attempts.push({ eventId, type, attempt: n, status, at: Date.now() });
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    if (ok || n >= RETRY_UNITS.length || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.track(this.attempt(eventId, type, rawBody, n + 1));
    }, RETRY_UNITS[n]! * this.options.retryScaleMs);
    this.timers.add(timer);
  }
}
