import type { SimReply } from './sim-errors';
import { HubSpotApiError, validationError } from './sim-errors';
import { WriteTx } from './sim-tx';

export const MAX_BATCH_INPUTS = 100;

/** The `inputs` array of a batch body: at most 100 objects. */
export function batchInputs(body: unknown, max = MAX_BATCH_INPUTS): Record<string, unknown>[] {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) throw validationError('The batch body needs an `inputs` array.');
  if (inputs.length > max)
    throw validationError(`Batch input size ${inputs.length} is above the limit of ${max}.`, {
      errors: [{ message: `at most ${max} inputs`, code: 'TOO_MANY_INPUTS', in: 'inputs' }],
    });
  return inputs.map((i: unknown) => {
    if (typeof i !== 'object' || i === null || Array.isArray(i))
      throw validationError('Every input must be an object.');
    return i as Record<string, unknown>;
  });
}

/** 400 when two inputs name the same record. */
export function rejectDuplicateIds(ids: string[]): void {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const id of ids) (seen.has(id) ? dupes : seen).add(id);
  if (dupes.size > 0)
    throw validationError(
      `Duplicate ids in batch input: ${[...dupes].join(', ')}. Each record may appear once.`,
      {
        context: { ids: [...dupes] },
      },
    );
}

export interface BatchRun<R> {
  readonly inputs: Record<string, unknown>[];
  readonly apply: (tx: WriteTx, input: Record<string, unknown>) => R;
  /** Ids to report on an input's error (`context.ids`). */
  readonly idsOf?: (input: Record<string, unknown>) => string[];
  readonly shuffle: (items: R[]) => R[];
  readonly okStatus: number;
}

/**
 * Runs a write batch. When every input carries `objectWriteTraceId`, good inputs are written and
 * failures come back in a 207 whose errors carry `context.objectWriteTraceId`; otherwise the first
 * failure rejects the whole batch and nothing is written (HubSpot documents multi-status answers
 * only for traced inputs). Results are shuffled: HubSpot does not keep input order.
 */
export function runBatch<R>(run: BatchRun<R>): SimReply {
  const startedAt = new Date().toISOString();
  const traced = run.inputs.length > 0 && run.inputs.every((i) => typeof i.objectWriteTraceId === 'string');
  const tx = new WriteTx();
  const results: R[] = [];
  const errors: { input: Record<string, unknown>; error: HubSpotApiError }[] = [];
  for (const input of run.inputs) {
    const mark = tx.mark();
    try {
      results.push(run.apply(tx, input));
    } catch (err) {
      tx.rollbackTo(mark);
      if (!(err instanceof HubSpotApiError)) {
        tx.rollback();
        throw err;
      }
      errors.push({ input, error: err });
    }
  }
  if (errors.length > 0 && !traced) {
    tx.rollback();
    throw errors[0]!.error;
  }
  tx.commit();
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results: run.shuffle(results),
    startedAt,
    completedAt: new Date().toISOString(),
  };
  if (errors.length === 0) return { status: run.okStatus, body };
  body.numErrors = errors.length;
  body.errors = errors.map(({ input, error }) =>
    batchError(error, [String(input.objectWriteTraceId)], run.idsOf?.(input)),
  );
  return { status: 207, body };
}

/** One entry of a 207 answer's `errors`. */
export function batchError(
  error: HubSpotApiError,
  traceIds?: string[],
  ids?: string[],
): Record<string, unknown> {
  const context: Record<string, string[]> = { ...error.extras.context };
  if (traceIds) context.objectWriteTraceId = traceIds;
  if (ids && ids.length > 0) context.ids = ids;
  const out: Record<string, unknown> = {
    status: 'error',
    category: error.category,
    message: error.message,
    context,
  };
  if (error.extras.subCategory) out.subCategory = error.extras.subCategory;
  if (error.extras.errors) out.errors = error.extras.errors;
  return out;
}
