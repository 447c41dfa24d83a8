import type { HubSpotWebhookEvent } from './sim-webhook-events';
import { signHubSpotV3 } from './sim-webhook-signature';
import type { WebhookAttempt } from './sim.types';

/**
 * HubSpot retries a failed delivery up to 10 times, spread over 24 hours. The simulator retries any
 * non-2xx answer or network error with doubling delays (1, 2, 4 … units of `retryScaleMs`), for
 * 10 attempts in all, bumping `attemptNumber` on the events each time.
 */
export const MAX_ATTEMPTS = 10;
// HubSpot gives the receiver 5 seconds to answer.
const DELIVERY_TIMEOUT_MS = 5_000;

export interface WebhookSenderOptions {
  readonly targetUrl: string;
  readonly clientSecret: string;
  readonly batchDelayMs: number;
  readonly maxPerRequest: number;
  readonly retryScaleMs: number;
}

/** Collects events for `batchDelayMs`, then POSTs them as signed JSON arrays of ≤ maxPerRequest. */
export class HubSpotWebhookSender {
  readonly attempts: WebhookAttempt[] = [];
  private queue: HubSpotWebhookEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: WebhookSenderOptions) {}

  enqueue(events: HubSpotWebhookEvent[]): void {
    if (this.closed || events.length === 0) return;
    this.queue.push(...events);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const queued = this.queue.splice(0);
      for (let i = 0; i < queued.length; i += this.options.maxPerRequest) {
        this.track(this.deliver(queued.slice(i, i + this.options.maxPerRequest), 0));
      }
    }, this.options.batchDelayMs);
  }

  /** Resolves once nothing is queued, in flight or scheduled for retry. */
  async idle(): Promise<void> {
    while (this.flushTimer || this.inFlight.size > 0 || this.timers.size > 0) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 2));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(events: HubSpotWebhookEvent[], attemptNumber: number): Promise<void> {
    if (this.closed) return;
    const { targetUrl, clientSecret } = this.options;
    const body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber })));
    const timestamp = Date.now();
    const headers = {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signHubSpotV3({
        clientSecret,
        method: 'POST',
        uri: targetUrl,
        body,
        timestamp,
      }),
      'x-hubspot-signature-version': 'v3',
      'x-hubspot-request-timestamp': String(timestamp),
    };
    let status: number | 'error';
    try {
      const res = await fetch(targetUrl, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers,
        body,
      });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 'error';
    }
    this.attempts.push({
      url: targetUrl,
      headers,
      body,
      status,
      attemptNumber,
      eventIds: events.map((e) => e.eventId),
      at: Date.now(),
    });
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    if (ok || attemptNumber + 1 >= MAX_ATTEMPTS || this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.track(this.deliver(events, attemptNumber + 1));
      },
      this.options.retryScaleMs * 2 ** attemptNumber,
    );
    this.timers.add(timer);
  }
}
