import { Inject, Injectable, Logger } from '@nestjs/common';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ConnectionRuntime } from '../pipeline/connection-runtime.service';
import { PullService } from '../pipeline/pull.service';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import type { WebhookEvent, WebhookRequest } from '../sdk/webhook';
import { ConnectorError } from '../sdk/errors';

/** Why a webhook was refused; the controller turns it into a 4xx. */
export class WebhookRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What one webhook request led to. */
export interface WebhookIntakeResult {
  readonly received: number;
  readonly duplicates: number;
  readonly ignored: number;
}

/**
 * Verifies a webhook with its connector's signature scheme, then hands each new event to the
 * pipeline: records the event carries are committed to the ledger at once; records it only names
 * are fetched by a worker. Event ids are remembered so a redelivered event is processed once.
 * Work is done before the id is remembered: a crash in between means a redelivery is processed
 * again, which the ledger's content hashes make harmless.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger('webhooks');

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly runtime: ConnectionRuntime,
    private readonly routes: RouteTable,
    private readonly pulls: PullService,
    private readonly queues: QueueService,
  ) {}

  async receive(connectionId: string, request: WebhookRequest): Promise<WebhookIntakeResult> {
    let handle;
    try {
      handle = this.runtime.get(connectionId);
    } catch {
      throw new WebhookRefusal(404, 'NOT_FOUND', `no connection ${connectionId}`);
    }
    const verifier = handle.definition.manifest.webhook;
    if (!verifier) throw new WebhookRefusal(404, 'NOT_FOUND', `connection ${connectionId} takes no webhooks`);
    if (!verifier.verify(request, handle.config)) {
      this.logger.warn({ connectionId, msg: 'webhook refused: bad signature' });
      throw new WebhookRefusal(401, 'INVALID_SIGNATURE', 'webhook signature does not verify');
    }
    let events: WebhookEvent[];
    try {
      events = verifier.parse(request, handle.config);
    } catch (error) {
      const message = error instanceof ConnectorError ? error.message : 'unreadable webhook body';
      throw new WebhookRefusal(400, 'BAD_REQUEST', message);
    }

    let duplicates = 0;
    let ignored = 0;
    for (const event of events) {
      if (await this.ledger.webhookEvents.has(connectionId, event.eventId)) {
        duplicates += 1;
        continue;
      }
      const stream = this.routes.stream(connectionId, event.stream);
      if (!stream) {
        ignored += 1; // a stream no route reads: nothing to do, but remember the event
      } else if (event.record) {
        await this.pulls.commitPage(stream, { records: [event.record], cursor: null });
      } else if (event.fetchIds && event.fetchIds.length > 0) {
        await this.queues.enqueueFetch(connectionId, event.stream, event.fetchIds, event.eventId);
      } else {
        ignored += 1;
      }
      await this.ledger.webhookEvents.recordOnce(connectionId, event.eventId);
    }
    return { received: events.length, duplicates, ignored };
  }
}
