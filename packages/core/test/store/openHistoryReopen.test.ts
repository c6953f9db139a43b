import assert from 'node:assert/strict';
import { copyFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isHistoryError, openHistory, type HistoryStore } from '../../src/index.js';
import { FIXTURE_DB, fixtureCopy } from '../helpers/fixture.js';

/** A second, different history: the fixture's first ten runs only. */
function smallerHistory(dir: string): string {
  const path = join(dir, 'other.db');
  copyFileSync(FIXTURE_DB, path);
  const db = new Database(path);
  db.exec('DELETE FROM alerts WHERE execution_id > 10; DELETE FROM metrics WHERE execution_id > 10');
  db.exec('DELETE FROM executions WHERE id > 10');
  db.close();
  return path;
}

/** Adds one run the way another process would, returning its id. */
function addRun(path: string, scriptPath: string): number {
  const db = new Database(path);
  try {
    const id = db
      .prepare(
        `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
         VALUES (?, '2026-11-28T03:00:00.000000', '2026-11-28T03:00:01.000000', 1.0, 0, 1)`,
      )
      .run(scriptPath).lastInsertRowid;
    return Number(id);
  } finally {
    db.close();
  }
}

async function failure(store: HistoryStore): Promise<{ code: string; message: string }> {
  try {
    await store.listExecutions();
  } catch (err) {
    assert.ok(isHistoryError(err), `expected a HistoryError, got ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail('the read should have failed');
}

const total = async (store: HistoryStore): Promise<number> => (await store.listExecutions()).total;

describe('openHistory({reopen: true}) following the file while it is replaced', () => {
  let copy: ReturnType<typeof fixtureCopy>;
  let store: HistoryStore;
  beforeEach(async () => {
    copy = fixtureCopy();
    store = await openHistory(copy.path, { reopen: true });
  });
  afterEach(async () => {
    await store.close();
    copy.cleanup();
  });

  it('fails with "missing" once the file is deleted (not the old handle\'s data) and reads again when it is back', async () => {
    assert.equal(await total(store), 40);
    rmSync(copy.path);
    const gone = await failure(store);
    assert.equal(gone.code, 'missing');
    assert.match(gone.message, /history\.db is gone \(deleted or moved away\)/);
    assert.match(gone.message, /put a history back/);
    const health = await store.pollChanges().catch((err: unknown) => err);
    assert.ok(isHistoryError(health) && health.code === 'missing', 'the change poll reports it too');
    copyFileSync(FIXTURE_DB, copy.path);
    assert.equal(await total(store), 40);
  });

  it('reads the new history after another one is renamed over the file, and the change poll answers reset', async () => {
    const before = await store.pollChanges();
    const other = smallerHistory(copy.dir);
    renameSync(other, copy.path);
    assert.equal(await total(store), 10, 'the replacement, not the unlinked file still open');
    const poll = await store.pollChanges(before.cursor);
    assert.equal(poll.reset, true);
    assert.equal(poll.changed, true);
    assert.deepEqual(poll.executions, [], "the other history's runs are not news");
    assert.equal(poll.cursor.maxExecutionId, 10);
    const idle = await store.pollChanges(poll.cursor);
    assert.equal(idle.changed, false);
    const id = addRun(copy.path, 'after.py');
    const next = await store.pollChanges(poll.cursor);
    assert.equal(next.reset, undefined);
    assert.deepEqual(
      next.executions.map((e) => [e.id, e.script_path]),
      [[id, 'after.py']],
    );
  });

  it('answers reset when a different history is copied over the same file (same inode)', async () => {
    const before = await store.pollChanges();
    copyFileSync(smallerHistory(copy.dir), copy.path);
    const poll = await store.pollChanges(before.cursor);
    assert.equal(poll.reset, true);
    assert.deepEqual(poll.executions, []);
    assert.equal(await total(store), 10);
  });

  it('delivers only the new run when the same history with one more run is renamed over the file', async () => {
    const before = await store.pollChanges();
    const next = join(copy.dir, 'next.db');
    copyFileSync(copy.path, next);
    const id = addRun(next, 'renamed.py');
    renameSync(next, copy.path);
    const poll = await store.pollChanges(before.cursor);
    assert.equal(poll.reset, undefined, 'the same history goes on');
    assert.deepEqual(
      poll.executions.map((e) => [e.id, e.script_path]),
      [[id, 'renamed.py']],
    );
  });

  it('fails while the file is truncated to nothing, and reads once content is written back in place', async () => {
    assert.equal(await total(store), 40);
    truncateSync(copy.path, 0);
    const empty = await failure(store);
    assert.equal(empty.code, 'not-history');
    assert.match(empty.message, /history\.db is empty/);
    assert.match(empty.message, /looked at again on every read/);
    copyFileSync(FIXTURE_DB, copy.path);
    assert.equal(await total(store), 40);
  });

  it('fails while the file is overwritten with garbage, and reads once a history is back', async () => {
    assert.equal(await total(store), 40);
    writeFileSync(copy.path, Buffer.alloc(64 * 1024, 0x5a));
    const garbage = await failure(store);
    assert.equal(garbage.code, 'not-sqlite');
    assert.match(garbage.message, /history\.db is not a SQLite database/);
    // Every later read looks again (no stale connection is kept), and says the same.
    assert.equal((await failure(store)).code, 'not-sqlite');
    copyFileSync(FIXTURE_DB, copy.path);
    assert.equal(await total(store), 40);
  });

  it('reports a SQLite file without the history tables put in its place, and recovers', async () => {
    rmSync(copy.path);
    const db = new Database(copy.path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db.close();
    const other = await failure(store);
    assert.equal(other.code, 'not-history');
    assert.match(other.message, /not a script-run history \(no executions\/metrics table\)/);
    rmSync(copy.path);
    copyFileSync(FIXTURE_DB, copy.path);
    assert.equal(await total(store), 40);
  });

  it('still answers closed after close, even with a valid file at the path', async () => {
    await store.close();
    await assert.rejects(store.listScripts(), (err: unknown) => isHistoryError(err) && err.code === 'closed');
  });
});

describe('openHistory without reopen', () => {
  it('keeps reading the file it opened after another is renamed over the path', async () => {
    const copy = fixtureCopy();
    const store = await openHistory(copy.path);
    try {
      renameSync(smallerHistory(copy.dir), copy.path);
      assert.equal(await total(store), 40, 'a one-shot reader keeps its snapshot of the file');
    } finally {
      await store.close();
      copy.cleanup();
    }
  });
});
