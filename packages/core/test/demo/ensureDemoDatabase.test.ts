import assert from 'node:assert/strict';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultDemoCacheDir, ensureDemoDatabase } from '../../src/index.js';
import { tempDir } from '../helpers/fixture.js';

const newestStart = (path: string): string => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT MAX(start_time) FROM executions').pluck().get() as string;
  } finally {
    db.close();
  }
};

describe('ensureDemoDatabase', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('generates the demo in the cache folder when it is absent, leaving no temporary file', () => {
    const cacheDir = join(tmp.dir, 'cache', 'runner-dash');
    const demo = ensureDemoDatabase({ cacheDir, runs: 200 });
    assert.equal(demo.path, join(cacheDir, 'demo-history.db'));
    assert.equal(demo.generated, true);
    assert.deepEqual(readdirSync(cacheDir), ['demo-history.db']);
    const db = new Database(demo.path, { readonly: true });
    assert.equal(db.prepare('SELECT COUNT(*) FROM executions').pluck().get(), 200);
    db.close();
  });

  it('reuses a demo written less than a day ago', () => {
    const first = ensureDemoDatabase({ cacheDir: tmp.dir, runs: 200 });
    const before = statSync(first.path);
    const later = new Date(Date.now() + 23 * 3600 * 1000);
    const second = ensureDemoDatabase({ cacheDir: tmp.dir, runs: 200, now: later });
    assert.equal(second.generated, false);
    assert.equal(second.path, first.path);
    const after = statSync(second.path);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('generates the demo again once it is more than a day old, ending at the new now', () => {
    const first = ensureDemoDatabase({ cacheDir: tmp.dir, runs: 200, now: '2026-11-20T12:00:00' });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(first.path, twoDaysAgo, twoDaysAgo);
    assert.ok(newestStart(first.path) < '2026-11-20T12:00:00');

    const now = new Date();
    const second = ensureDemoDatabase({ cacheDir: tmp.dir, runs: 200, now });
    assert.equal(second.generated, true);
    assert.ok(second.modified.getTime() > twoDaysAgo.getTime() + 86_400_000);
    assert.ok(newestStart(second.path) > '2026-11-21', 'the new demo reaches the present');
    assert.deepEqual(readdirSync(tmp.dir), ['demo-history.db']);
  });

  it('clears temporary files that a killed generation left more than an hour ago, keeping recent ones', () => {
    const old = join(tmp.dir, 'demo-history.db.4242-abc.tmp');
    const recent = join(tmp.dir, 'demo-history.db.4343-def.tmp');
    const unrelated = join(tmp.dir, 'notes.tmp');
    for (const f of [old, recent, unrelated]) writeFileSync(f, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    utimesSync(unrelated, twoHoursAgo, twoHoursAgo);
    ensureDemoDatabase({ cacheDir: tmp.dir, runs: 50 });
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['demo-history.db', 'demo-history.db.4343-def.tmp', 'notes.tmp']);
  });

  it("finds the user's cache folder on Linux, macOS and Windows", () => {
    assert.equal(defaultDemoCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), '/x/cache/runner-dash');
    assert.equal(defaultDemoCacheDir({}, 'linux'), join(homedir(), '.cache', 'runner-dash'));
    assert.equal(defaultDemoCacheDir({}, 'darwin'), join(homedir(), 'Library', 'Caches', 'runner-dash'));
    assert.equal(
      defaultDemoCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32'),
      join('C:\\Users\\ada\\AppData\\Local', 'runner-dash'),
    );
  });
});
