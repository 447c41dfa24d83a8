import { Injectable } from '@nestjs/common';
import type { BatchItem, BatchItemResult, BatchPolicy, WriteOptions, WriteResult } from '../sdk/connector';
import { RejectedError, TransientError } from '../sdk/errors';
import type { ConnectionHandle } from './connection-runtime.service';

interface Waiting {
  readonly item: BatchItem;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

interface OpenBatch {
  readonly handle: ConnectionHandle;
  readonly entity: string;
  readonly policy: BatchPolicy;
  readonly waiting: Waiting[];
  timer?: NodeJS.Timeout;
}

/**
 * Writes records to the target, one call per record, or gathered into `writeBatch` calls for
 * entities whose spec has a batch policy. Each delivery still awaits its own outcome, so locks,
 * retries and ledger updates stay per record. A batch the target refuses as a whole is written
 * again record by record, so only the bad record fails.
 */
@Injectable()
export class WriteBatcher {
  private readonly open = new Map<string, OpenBatch>();

  write(
    handle: ConnectionHandle,
    entity: string,
    payload: unknown,
    options: WriteOptions,
  ): Promise<WriteResult> {
    const { instance, definition } = handle;
    const policy = definition.manifest.entities.find((e) => e.name === entity)?.batch;
    if (!policy || !instance.writeBatch) {
      if (!instance.write)
        throw new RejectedError(`connector ${definition.manifest.id} cannot write ${entity}`);
      return instance.write(entity, payload, options);
    }
    return new Promise<WriteResult>((resolve, reject) => {
      const key = `${handle.id}\u0000${entity}`;
      let batch = this.open.get(key);
      if (!batch) {
        batch = { handle, entity, policy, waiting: [] };
        this.open.set(key, batch);
        const started = batch;
        batch.timer = setTimeout(() => void this.flush(key, started), policy.maxWaitMs);
      }
      batch.waiting.push({ item: { payload, options }, resolve, reject });
      if (batch.waiting.length >= policy.maxSize) void this.flush(key, batch);
    });
  }

  private async flush(key: string, batch: OpenBatch): Promise<void> {
    if (this.open.get(key) !== batch) return; // already sent
    this.open.delete(key);
    clearTimeout(batch.timer);
    const { handle, entity, waiting } = batch;
    let results: BatchItemResult[];
    try {
      results = await handle.instance.writeBatch!(
        entity,
        waiting.map((w) => w.item),
      );
      if (results.length !== waiting.length) {
        throw new TransientError(
          `writeBatch returned ${results.length} results for ${waiting.length} records`,
        );
      }
    } catch (error) {
      if (error instanceof RejectedError && waiting.length > 1 && handle.instance.write) {
        await Promise.all(waiting.map((w) => this.writeAlone(handle, entity, w)));
      } else {
        for (const w of waiting) w.reject(error);
      }
      return;
    }
    results.forEach((outcome, i) =>
      outcome.ok ? waiting[i].resolve(outcome.result) : waiting[i].reject(outcome.error),
    );
  }

  private async writeAlone(handle: ConnectionHandle, entity: string, waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await handle.instance.write!(entity, waiting.item.payload, waiting.item.options));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
