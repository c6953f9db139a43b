import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHistory } from '@runner-dash/core';
import { writeCsvFile } from '../../src/host/writeCsvFile.js';
import { fixtureCopy } from '../loopback.js';

describe('writeCsvFile', () => {
  it("writes core's CSV of one script's runs to a file and returns its size", async () => {
    const copy = fixtureCopy();
    const store = await openHistory(copy.db);
    try {
      const out = join(copy.dir, 'flaky.csv');
      const bytes = await writeCsvFile(store, { scriptPath: 'jobs/flaky.py' }, out);
      const text = readFileSync(out, 'utf8');
      assert.equal(Buffer.byteLength(text), bytes);
      const lines = text.trimEnd().split(/\r?\n/);
      assert.match(lines[0]!, /^id,script_path,start_time,end_time,execution_time_seconds,exit_code,success,/);
      assert.equal(lines.length, 15);
      assert.ok(lines.slice(1).every((l) => l.includes(',jobs/flaky.py,')));
    } finally {
      await store.close();
      copy.remove();
    }
  });

  it('rejects with the file system error when the file cannot be written', async () => {
    const copy = fixtureCopy();
    const store = await openHistory(copy.db);
    try {
      await assert.rejects(writeCsvFile(store, {}, join(copy.dir, 'no-such-folder', 'x.csv')), /ENOENT/);
    } finally {
      await store.close();
      copy.remove();
    }
  });
});
