import { Ledger, SecretBox, SecretBoxError, openDatabase } from '../../../src/ledger';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

const SECRET = 'sk_live_9f8e7d6c5b4a-very-secret';

describe.each(DIALECTS)('ConnectionsRepository on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
  });
  afterAll(() => env.destroy());

  async function rawCiphertext(id: string): Promise<string> {
    // Read the column with a plain handle, as someone with a copy of the database would.
    const database = await openDatabase(env.url);
    try {
      const row = await database.db
        .selectFrom('connections')
        .select('config_ciphertext')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.config_ciphertext;
    } finally {
      await database.close();
    }
  }

  it('stores the config sealed and returns it decrypted', async () => {
    const id = uid('square');
    const config = { accessToken: SECRET, locationIds: ['L1', 'L2'], sandbox: true };
    await ledger.connections.upsert({ id, connector: 'square', config });

    const raw = await rawCiphertext(id);
    expect(raw).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('accessToken');
    expect(Buffer.from(raw.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(SECRET);

    expect(await ledger.connections.get(id)).toMatchObject({
      id,
      connector: 'square',
      config,
      paused: false,
      status: 'ok',
      statusMessage: null,
    });
    expect((await ledger.connections.list()).find((c) => c.id === id)?.config).toEqual(config);
    expect(await ledger.connections.get(uid('missing'))).toBeUndefined();
  });

  it('replaces the config on upsert but keeps pause and status', async () => {
    const id = uid('odoo');
    await ledger.connections.upsert({ id, connector: 'odoo', config: { password: 'one' } });
    expect(await ledger.connections.setPaused(id, true)).toBe(true);
    expect(await ledger.connections.setStatus(id, 'auth_failed', 'HTTP 401 from /xmlrpc')).toBe(true);
    const before = await rawCiphertext(id);

    await ledger.connections.upsert({ id, connector: 'odoo', config: { password: 'two' } });
    const row = await ledger.connections.get(id);
    expect(row).toMatchObject({
      config: { password: 'two' },
      paused: true,
      status: 'auth_failed',
      statusMessage: 'HTTP 401 from /xmlrpc',
    });
    expect(await rawCiphertext(id)).not.toBe(before);

    expect(await ledger.connections.setPaused(id, false)).toBe(true);
    expect(await ledger.connections.setStatus(id, 'ok')).toBe(true);
    expect(await ledger.connections.get(id)).toMatchObject({
      paused: false,
      status: 'ok',
      statusMessage: null,
    });
    expect(await ledger.connections.setPaused(uid('missing'), true)).toBe(false);
  });

  it('cannot read configs with the wrong key', async () => {
    const id = uid('hubspot');
    await ledger.connections.upsert({ id, connector: 'hubspot', config: { token: SECRET } });
    const wrong = new Ledger(
      await openDatabase(env.url),
      SecretBox.fromKey('a completely different passphrase'),
    );
    try {
      await expect(wrong.connections.get(id)).rejects.toBeInstanceOf(SecretBoxError);
    } finally {
      await wrong.close();
    }
  });
});
