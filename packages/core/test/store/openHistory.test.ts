import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HistoryError, isHistoryError, openHistory } from '../../src/index.js';
import { FIXTURE_DB, fixtureCopy, tempDir } from '../helpers/fixture.js';

async function refusal(path: string): Promise<HistoryError> {
  try {
    const store = await openHistory(path);
    await store.close();
  } catch (err) {
    assert.ok(isHistoryError(err), `expected a HistoryError, got ${String(err)}`);
    return err as HistoryError;
  }
  assert.fail(`openHistory(${path}) should have refused`);
}

describe('openHistory', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('opens the runner.py fixture read-only', async () => {
    const store = await openHistory(FIXTURE_DB);
    assert.equal(store.readonly, true);
    assert.equal(store.location, FIXTURE_DB);
    await store.close();
  });

  it('refuses a missing file, naming it and saying how to get one', async () => {
    const path = join(tmp.dir, 'nope.db');
    const err = await refusal(path);
    assert.equal(err.code, 'missing');
    assert.equal(err.path, path);
    assert.match(err.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist`));
    assert.match(err.message, /--db/);
    assert.match(err.message, /runner-dash run/);
  });

  it('refuses a file that is not SQLite', async () => {
    const path = join(tmp.dir, 'notes.db');
    writeFileSync(path, 'this is a text file, not a database\n');
    const err = await refusal(path);
    assert.equal(err.code, 'not-sqlite');
    assert.match(err.message, /notes\.db is not a SQLite database/);
    assert.match(err.message, /Point --db at/);
  });

  it('refuses an empty file as not a history', async () => {
    const path = join(tmp.dir, 'empty.db');
    writeFileSync(path, '');
    const err = await refusal(path);
    assert.equal(err.code, 'not-history');
    assert.match(err.message, /empty\.db is empty, not a script-run history/);
  });

  it('refuses a SQLite database without the history tables, naming what is missing', async () => {
    const path = join(tmp.dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE executions (id INTEGER PRIMARY KEY)');
    db.close();
    const err = await refusal(path);
    assert.equal(err.code, 'not-history');
    assert.match(err.message, /other\.db is a SQLite database but not a script-run history \(no metrics table\)/);
  });

  it('refuses a directory', async () => {
    const err = await refusal(tmp.dir);
    assert.equal(err.code, 'unreadable');
    assert.match(err.message, /is not a file/);
  });

  it('refuses an unreadable file with a permissions hint', async function () {
    if (process.getuid?.() === 0) {
      // root reads everything: prove the message through a path component that is a file instead.
      const file = join(tmp.dir, 'plain');
      writeFileSync(file, 'x');
      const err = await refusal(join(file, 'history.db'));
      assert.equal(err.code, 'unreadable');
      assert.match(err.message, /cannot be read \(ENOTDIR\); check its permissions/);
      return;
    }
    const { path, cleanup } = fixtureCopy();
    chmodSync(path, 0o000);
    try {
      const err = await refusal(path);
      assert.equal(err.code, 'unreadable');
      assert.match(err.message, /check its permissions/);
    } finally {
      chmodSync(path, 0o644);
      cleanup();
    }
  });

  it('accepts a newer history with extra tables and columns', async () => {
    const { path, cleanup } = fixtureCopy();
    const db = new Database(path);
    db.exec('ALTER TABLE executions ADD COLUMN hostname TEXT; CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    const store = await openHistory(path);
    assert.equal((await store.listExecutions()).total, 40);
    await store.close();
    cleanup();
  });

  it('reads a history without an alerts table', async () => {
    const { path, cleanup } = fixtureCopy();
    const db = new Database(path);
    db.exec('DROP TABLE alerts');
    db.close();
    const store = await openHistory(path);
    assert.deepEqual((await store.getExecution(1))?.alerts, []);
    assert.equal((await store.databaseStats()).total_alerts, 0);
    await store.close();
    cleanup();
  });

  it('answers queries after close with a closed error', async () => {
    const store = await openHistory(FIXTURE_DB);
    await store.close();
    await assert.rejects(store.listScripts(), (err: unknown) => isHistoryError(err) && err.code === 'closed');
  });
});
