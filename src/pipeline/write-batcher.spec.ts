import type { BatchItem, ConnectorDefinition, ConnectorInstance, WriteOptions } from '../sdk/connector';
import { RejectedError, TransientError } from '../sdk/errors';
import type { ConnectionHandle } from './connection-runtime.service';
import { WriteBatcher } from './write-batcher';

function handleWith(instance: ConnectorInstance): ConnectionHandle {
  const definition = {
    manifest: {
      id: 'acme',
      entities: [
        { name: 'stock', kind: 'stock', defaultMapping: 'acme/stock', batch: { maxSize: 3, maxWaitMs: 20 } },
        { name: 'customer', kind: 'customer', defaultMapping: 'acme/customer' },
      ],
    },
  } as unknown as ConnectorDefinition<unknown>;
  return { id: 'erp', definition, config: {}, instance };
}

const options = (n: number): WriteOptions => ({ idempotencyKey: `k${n}`, reference: `poshub:r${n}` });
const writeAlone = jest.fn(async (_e: string, payload: unknown) => {
  if ((payload as { bad?: boolean }).bad) throw new RejectedError('bad record');
  return { externalId: `one-${(payload as { n: number }).n}`, created: true };
});

describe('WriteBatcher', () => {
  beforeEach(() => writeAlone.mockClear());

  it('gathers concurrent writes into batches of at most maxSize and settles each one', async () => {
    const writeBatch = jest.fn(async (_e: string, items: readonly BatchItem[]) =>
      items.map((i) => ({
        ok: true as const,
        result: { externalId: `b-${(i.payload as { n: number }).n}`, created: true },
      })),
    );
    const handle = handleWith({ check: jest.fn(), write: writeAlone, writeBatch });
    const batcher = new WriteBatcher();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => batcher.write(handle, 'stock', { n }, options(n))),
    );
    expect(results.map((r) => r.externalId)).toEqual(['b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
    expect(writeBatch.mock.calls.map(([, items]) => items.length)).toEqual([3, 2]);
    expect(writeAlone).not.toHaveBeenCalled();
  });

  it('fails only the items the target reported as failed', async () => {
    const writeBatch = jest.fn(async (_e: string, items: readonly BatchItem[]) =>
      items.map((i) =>
        (i.payload as { n: number }).n === 2
          ? { ok: false as const, error: new RejectedError('duplicate email') }
          : { ok: true as const, result: { externalId: 'x', created: true } },
      ),
    );
    const batcher = new WriteBatcher();
    const handle = handleWith({ check: jest.fn(), write: writeAlone, writeBatch });
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) => batcher.write(handle, 'stock', { n }, options(n))),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('writes record by record when the target refuses a whole batch, so only the bad one fails', async () => {
    const writeBatch = jest.fn(async () => {
      throw new RejectedError('one change in the batch is invalid');
    });
    const batcher = new WriteBatcher();
    const handle = handleWith({ check: jest.fn(), write: writeAlone, writeBatch });
    const outcomes = await Promise.allSettled(
      [{ n: 1 }, { n: 2, bad: true }, { n: 3 }].map((p) => batcher.write(handle, 'stock', p, options(p.n))),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writeAlone).toHaveBeenCalledTimes(3);
  });

  it('hands a transient failure of the batch to every record without hammering the target', async () => {
    const writeBatch = jest.fn(async () => {
      throw new TransientError('503');
    });
    const batcher = new WriteBatcher();
    const handle = handleWith({ check: jest.fn(), write: writeAlone, writeBatch });
    const outcomes = await Promise.allSettled(
      [1, 2].map((n) => batcher.write(handle, 'stock', { n }, options(n))),
    );
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof TransientError)).toBe(true);
    expect(writeAlone).not.toHaveBeenCalled();
  });

  it('writes entities without a batch policy one call each', async () => {
    const writeBatch = jest.fn();
    const batcher = new WriteBatcher();
    const handle = handleWith({ check: jest.fn(), write: writeAlone, writeBatch });
    await expect(batcher.write(handle, 'customer', { n: 9 }, options(9))).resolves.toEqual({
      externalId: 'one-9',
      created: true,
    });
    expect(writeBatch).not.toHaveBeenCalled();
  });
});
