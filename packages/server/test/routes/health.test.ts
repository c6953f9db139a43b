import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { version } from '../../src/index.js';
import { startFixtureServer, sha256, type FixtureServer } from '../fixtureServer.js';

describe('GET /api/health', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.stop();
  });

  it('answers 200 ok with version, client count and the database path', async () => {
    const res = await server.get('api/health');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, version);
    assert.equal(body.websocket_clients, 0);
    assert.deepEqual(body.database, { path: server.dbPath, ok: true });
    assert.match(body.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal(sha256(server.dbPath), server.hashBefore);
  });

  it('answers 503 {status: error} while the database file is unusable, and ok again after', async () => {
    // Overwriting the content works for any user (root reads files whatever their mode).
    const original = readFileSync(server.dbPath);
    writeFileSync(server.dbPath, 'this is not a database any more, just text of some length'.repeat(100));
    try {
      const res = await server.get('api/health');
      assert.equal(res.status, 503);
      const body = (await res.json()) as { status: string; database: { ok: boolean; message: string } };
      assert.equal(body.status, 'error');
      assert.equal(body.database.ok, false);
      assert.ok(body.database.message.length > 0);
      const api = await server.get('api/scripts');
      assert.equal(api.status, 503);
      assert.ok(((await api.json()) as { detail: string }).detail.length > 0);
    } finally {
      writeFileSync(server.dbPath, original);
    }
    assert.equal((await server.get('api/health')).status, 200);
  });
});
