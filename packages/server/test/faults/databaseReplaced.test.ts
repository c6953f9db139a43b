import assert from 'node:assert/strict';
import { copyFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LiveMessage, SnapshotMessage } from '@runner-dash/core';
import WebSocket from 'ws';
import { FIXTURE, startFixtureServer, type FixtureServer } from '../fixtureServer.js';

/** Another valid history: the fixture's first ten runs (three scripts). */
function tenRunHistory(dir: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(FIXTURE, path);
  const db = new Database(path);
  db.exec('DELETE FROM alerts WHERE execution_id > 10; DELETE FROM metrics WHERE execution_id > 10');
  db.exec('DELETE FROM executions WHERE id > 10');
  db.close();
  return path;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  total: string | null;
}

async function answer(server: FixtureServer, path: string): Promise<Answer> {
  const res = await server.get(path);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    total: res.headers.get('x-total-count'),
  };
}

/** Asks again every 25 ms until `accept` holds (the server notices within one poll), or fails after 2 s. */
async function eventually(server: FixtureServer, path: string, accept: (a: Answer) => boolean): Promise<Answer> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const a = await answer(server, path);
    if (accept(a)) return a;
    if (Date.now() > deadline) assert.fail(`${path} never reached the expected answer; last: ${JSON.stringify(a)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const isSnapshot = (m: LiveMessage): m is SnapshotMessage => m.type === 'snapshot';

describe('faults: the database file changes under the running server', () => {
  let server: FixtureServer;
  let ws: WebSocket;
  const messages: LiveMessage[] = [];
  beforeEach(async () => {
    server = await startFixtureServer({ pollIntervalMs: 50 });
    messages.length = 0;
    ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws/metrics`);
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as LiveMessage));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // Answered (and cached) before the fault, so a stale answer would show.
    assert.equal((await answer(server, 'api/executions?limit=1')).total, '40');
    assert.equal(((await answer(server, 'api/scripts')).body as unknown as unknown[]).length, 5);
  });
  afterEach(async () => {
    ws.close();
    await server.stop();
  });

  /** The server reports the broken file everywhere, stays up, and the live client stays connected. */
  async function assertReportsBroken(expected: RegExp): Promise<void> {
    const health = await eventually(server, 'api/health', (a) => a.status === 503);
    assert.equal(health.body.status, 'error');
    const database = health.body.database as { ok: boolean; message: string; path: string };
    assert.equal(database.ok, false);
    assert.equal(database.path, server.dbPath);
    assert.match(database.message, expected);
    for (const path of [
      'api/scripts',
      'api/executions?limit=1',
      'api/metrics/aggregated?days=30',
      'api/stats/database',
    ]) {
      const a = await eventually(server, path, (x) => x.status === 503);
      assert.match(String(a.body.detail), expected, path);
    }
    const openapi = await server.get('api/openapi.json');
    assert.equal(openapi.status, 200, 'the server itself keeps answering');
    await openapi.arrayBuffer();
    assert.equal(ws.readyState, WebSocket.OPEN, 'live clients stay connected');
  }

  /** Back to a valid history: the answers (and the feed's next snapshot) are the new file's. */
  async function assertRecovered(runs: number, scripts: number): Promise<void> {
    const health = await eventually(server, 'api/health', (a) => a.status === 200);
    assert.deepEqual(health.body.database, { path: server.dbPath, ok: true });
    assert.equal((await eventually(server, 'api/executions?limit=1', (a) => a.status === 200)).total, String(runs));
    assert.equal(((await answer(server, 'api/scripts')).body as unknown as unknown[]).length, scripts);
    const stats = await answer(server, 'api/stats/database');
    assert.equal(stats.body.total_executions, runs);
  }

  it('reports a deleted file (503 with a clear detail) and recovers by itself with a different history', async () => {
    rmSync(server.dbPath);
    await assertReportsBroken(/history\.db is gone \(deleted or moved away\)/);
    const before = messages.length;
    renameSync(tenRunHistory(server.dir, 'other.db'), server.dbPath);
    await assertRecovered(10, 3);
    const deadline = Date.now() + 2000;
    while (!messages.slice(before).some((m) => isSnapshot(m) && m.total_executions === 10)) {
      assert.ok(Date.now() < deadline, 'the live clients got the new history snapshot');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(
      !messages.slice(before).some((m) => m.type === 'executions'),
      "the other history's runs are not announced as new runs",
    );
  });

  it('serves the new history at once when another one is renamed over the file (no stale cache)', async () => {
    renameSync(tenRunHistory(server.dir, 'other.db'), server.dbPath);
    await eventually(server, 'api/executions?limit=1', (a) => a.total === '10');
    await assertRecovered(10, 3);
  });

  it('reports a truncated file and recovers when the history is written back in place', async () => {
    truncateSync(server.dbPath, 0);
    await assertReportsBroken(/history\.db is empty, not a script-run history/);
    copyFileSync(FIXTURE, server.dbPath);
    await assertRecovered(40, 5);
  });

  it('reports a file overwritten with garbage and recovers with a different history', async () => {
    writeFileSync(server.dbPath, Buffer.alloc(256 * 1024, 0x41));
    await assertReportsBroken(/history\.db is not a SQLite database/);
    copyFileSync(tenRunHistory(server.dir, 'other.db'), server.dbPath);
    await assertRecovered(10, 3);
  });
});
