import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openHistory } from '../../src/index.js';
import { FIXTURE_DB, fixtureCopy } from '../helpers/fixture.js';
import { historyStoreSuite } from './historyStoreSuite.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const initialHash = sha(FIXTURE_DB);

historyStoreSuite('SqliteHistoryStore', {
  async setUp() {},
  async tearDown() {
    assert.equal(sha(FIXTURE_DB), initialHash, 'reading must not change a byte of the file');
  },
  openFixture: () => openHistory(FIXTURE_DB),
  fixtureLocation: () => FIXTURE_DB,
  async openCopy() {
    const { path, cleanup } = fixtureCopy();
    const store = await openHistory(path);
    return {
      store,
      async commitRuns(scriptPaths) {
        const writer = new Database(path);
        const insert = writer.prepare(
          `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
           VALUES (?, '2026-11-28T03:00:00.000000', '2026-11-28T03:00:01.000000', 1.0, 0, 1)`,
        );
        writer.transaction(() => {
          for (const p of scriptPaths) insert.run(p);
        })();
        writer.close();
      },
      async cleanup() {
        await store.close();
        cleanup();
      },
    };
  },
});

describe('SqliteHistoryStore locks', () => {
  it('waits for a writer holding a lock without blocking the event loop, then answers busy', async () => {
    const { path, cleanup } = fixtureCopy();
    const store = await openHistory(path, { busyWaitMs: 300 });
    const writer = new Database(path);
    try {
      writer.exec('BEGIN EXCLUSIVE');
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = Date.now();
      await assert.rejects(store.listScripts(), (err: unknown) => (err as { code?: string }).code === 'busy');
      clearInterval(timer);
      assert.ok(Date.now() - started >= 300);
      assert.ok(ticks >= 10, `the event loop kept turning while waiting (${ticks} ticks)`);
      writer.exec('ROLLBACK');
      assert.equal((await store.listScripts()).length, 5, 'reads work again once the lock is gone');
    } finally {
      writer.close();
      await store.close();
      cleanup();
    }
  });
});
