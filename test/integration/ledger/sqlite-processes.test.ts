import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ledger, SecretBox, recordId } from '../../../src/ledger';
import { TEST_KEY } from './ledger-test-db';

const run = promisify(execFile);
const CHILD = join(__dirname, 'fixtures', 'sqlite-writer.child.ts');

describe('SQLite ledger shared by several processes', () => {
  let dir: string;
  let url: string;
  let ledger: Ledger;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'poshub-multiproc-'));
    url = `sqlite:${join(dir, 'ledger.db')}`;
    ledger = await Ledger.open(url, SecretBox.fromKey(TEST_KEY));
  });

  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serialises writers across processes: consecutive versions, no SQLITE_BUSY', async () => {
    const perChild = 40;
    const children = ['a', 'b', 'c'].map((tag) =>
      run(process.execPath, ['-r', '@swc-node/register', CHILD, url, 'SKU-1', tag, String(perChild)], {
        cwd: join(__dirname, '..', '..', '..'),
        timeout: 60_000,
      }),
    );
    // The test process writes too, while the children run.
    const mine: number[] = [];
    for (let i = 0; i < perChild; i += 1) {
      const r = await ledger.records.upsert({
        kind: 'stock',
        originConnectionId: 'pos',
        externalId: 'SKU-1',
        contentHash: `p-${i}`,
        data: { i },
      });
      mine.push(r.version);
    }
    const outputs = await Promise.all(children);
    const all = [...mine, ...outputs.flatMap((o) => JSON.parse(o.stdout) as number[])];
    const total = perChild * 4;
    expect(all.sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    const id = recordId('stock', 'pos', 'SKU-1');
    expect((await ledger.records.get(id))?.version).toBe(total);
    expect(await ledger.records.history(id)).toHaveLength(total);
    expect((await ledger.deliveries.list({ recordId: id, limit: 1 })).total).toBe(perChild * 3);
  });
});
