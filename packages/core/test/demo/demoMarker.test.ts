import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateDemoHistory } from '../../src/index.js';
import { inspectDemoTarget } from '../../src/demo/demoMarker.js';
import { createSchema } from '../../src/store/createSchema.js';
import { fixtureCopy, tempDir } from '../helpers/fixture.js';

describe('inspectDemoTarget', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('tells an absent path, an empty file and a generated demo apart', () => {
    assert.equal(inspectDemoTarget(join(tmp.dir, 'none.db')), 'absent');
    writeFileSync(join(tmp.dir, 'zero.db'), '');
    assert.equal(inspectDemoTarget(join(tmp.dir, 'zero.db')), 'empty');
    const demo = generateDemoHistory(join(tmp.dir, 'demo.db'), { runs: 20 });
    assert.equal(inspectDemoTarget(demo.path), 'demo');
  });

  it('treats a history schema without a single run as empty', () => {
    const path = join(tmp.dir, 'schema-only.db');
    const db = new Database(path);
    createSchema(db);
    db.close();
    assert.equal(inspectDemoTarget(path), 'empty');
  });

  it('protects a real runner.py history, other SQLite files, text files and folders', () => {
    const fixture = fixtureCopy();
    try {
      assert.equal(inspectDemoTarget(fixture.path), 'other');
    } finally {
      fixture.cleanup();
    }
    const other = join(tmp.dir, 'app.db');
    const db = new Database(other);
    db.exec('CREATE TABLE users (id INTEGER)');
    db.close();
    assert.equal(inspectDemoTarget(other), 'other');
    writeFileSync(join(tmp.dir, 'notes.txt'), 'hello');
    assert.equal(inspectDemoTarget(join(tmp.dir, 'notes.txt')), 'other');
    assert.equal(inspectDemoTarget(tmp.dir), 'other');
  });
});
