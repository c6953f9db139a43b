import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_EXECUTION_COLUMNS, exportCsv, openHistory } from '../../src/index.js';
import { collect, parseCsv } from '../export/parseCsv.js';
import { FIXTURE_DB, FIXTURE_NOW, tempDir } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv, { backPressure: true });

describe('runner-dash export', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('writes the whole history as CSV to stdout, the same document exportCsv streams', async () => {
    const { code, out, err } = await cli('export', '--db', FIXTURE_DB);
    assert.equal(code, 0, err);
    assert.equal(err, '');
    const store = await openHistory(FIXTURE_DB);
    try {
      assert.equal(out, (await collect(exportCsv(store))).text);
    } finally {
      await store.close();
    }
    const rows = parseCsv(out);
    assert.equal(rows.length, 41);
    assert.deepEqual(rows[0]!.slice(0, CSV_EXECUTION_COLUMNS.length), [...CSV_EXECUTION_COLUMNS]);
  });

  it('writes --long rows of one script and metric to --out, leaving no temporary file', async () => {
    const file = join(tmp.dir, 'memory.csv');
    const { code, out, err } = await cli(
      'export',
      '--db',
      FIXTURE_DB,
      '--script',
      'jobs/memory_hog.py',
      '--metric',
      'memory_max_mb',
      '--long',
      '--days',
      '1',
      '--now',
      FIXTURE_NOW,
      '--out',
      file,
    );
    assert.equal(code, 0, err);
    assert.equal(out, '');
    assert.equal(err, `Wrote ${file}\n`);
    assert.deepEqual(readdirSync(tmp.dir), ['memory.csv']);
    const rows = parseCsv(readFileSync(file, 'utf8'));
    assert.deepEqual(rows[0], ['id', 'script_path', 'start_time', 'metric_name', 'metric_value']);
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], r[1], r[3]]),
      ['35', '36', '37', '38'].map((id) => [id, 'jobs/memory_hog.py', 'memory_max_mb']),
    );
    assert.ok(rows.slice(1).every((r) => Number(r[4]) > 0));
  });

  it('reports a folder it cannot write to without leaving anything behind, exit code 1', async () => {
    const file = join(tmp.dir, 'missing-folder', 'out.csv');
    const { code, err } = await cli('export', '--db', FIXTURE_DB, '--out', file);
    assert.equal(code, 1);
    assert.match(err, /^runner-dash export: cannot write .*out\.csv \(ENOENT\); check the folder/);
    assert.deepEqual(readdirSync(tmp.dir), []);
  });

  it('answers a missing database or a bad option on one line, exit code 2', async () => {
    const missing = await cli('export', '--db', join(tmp.dir, 'none.db'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^runner-dash export: .*none\.db does not exist/);
    const bad = await cli('export', '--db', FIXTURE_DB, '--days', '400');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--days must be a whole number from 1 to 365 \(got '400'\)/);
    assert.equal(bad.out, '');
  });
});
