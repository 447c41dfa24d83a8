import { square } from '../../connectors/square/square.connector';
import { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import type { ConnectionHandle } from '../../src/pipeline/connection-runtime.service';
import { WriteBatcher } from '../../src/pipeline/write-batcher';
import { RejectedError, type ConnectorDefinition } from '../../src/sdk';
import { connect } from '../fakes/connector-harness';

describe('square stock writes gathered into batches', () => {
  let sim: SquareSimulator;
  let handle: ConnectionHandle;

  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 8 });
    const config = { accessToken: sim.accessToken, baseUrl: sim.url, locationIds: sim.locationIds };
    handle = {
      id: 'square',
      definition: square as ConnectorDefinition<unknown>,
      config,
      instance: connect(square, config),
    };
  });
  afterAll(() => sim.close());

  const batchCalls = () =>
    sim.requestLog().filter((e) => e.path === '/v2/inventory/changes/batch-create').length;
  const variations = () =>
    sim.catalogVariations().filter((v) => v.type === 'ITEM_VARIATION' && !v.is_deleted);
  const payloadFor = (id: string, quantity: string) => ({
    catalog_object_id: id,
    location_id: sim.locationIds[0],
    quantity,
    occurred_at: new Date(Date.now() - 60_000).toISOString(),
  });

  it('sends concurrent stock levels in one BatchChangeInventory call, and a replayed batch changes nothing', async () => {
    const targets = variations().slice(0, 6);
    expect(targets.length).toBeGreaterThan(1);
    const batcher = new WriteBatcher();
    const write = () =>
      Promise.all(
        targets.map((v, i) =>
          batcher.write(handle, 'stock', payloadFor(v.id, String(40 + i)), {
            reference: `poshub:stock-${v.id}`,
            idempotencyKey: `stock-${v.id}:v1`,
          }),
        ),
      );
    const callsBefore = batchCalls();
    const changesBefore = sim.inventoryChanges().length;
    const results = await write();
    expect(results.map((r) => r.externalId)).toEqual(targets.map((v) => `${v.id}@${sim.locationIds[0]}`));
    expect(batchCalls() - callsBefore).toBe(1);
    expect(sim.inventoryChanges().length - changesBefore).toBe(targets.length);

    await write();
    expect(sim.inventoryChanges().length - changesBefore).toBe(targets.length);
  });

  it('isolates a level Square refuses: the batch is written again one by one and only that level fails', async () => {
    const [good1, good2] = variations().slice(6, 8);
    const batcher = new WriteBatcher();
    const callsBefore = batchCalls();
    const outcomes = await Promise.allSettled(
      [good1.id, 'NO-SUCH-VARIATION', good2.id].map((id, i) =>
        batcher.write(handle, 'stock', payloadFor(id, String(7 + i)), {
          reference: `poshub:iso-${i}`,
          idempotencyKey: `iso-${i}:v1`,
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(RejectedError);
    // One refused batch call, then one call per level.
    expect(batchCalls() - callsBefore).toBe(4);
  });
});
