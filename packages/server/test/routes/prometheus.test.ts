import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startFixtureServer, sha256, type FixtureServer } from '../fixtureServer.js';
import { promtoolCheck, requirePromtool } from '../promtool.js';

const TOKEN = 'prom-scrape-token';

/** One sample of the exposition: its name, its labels (unescaped) and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses sample lines the way Prometheus does, unescaping label values. */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    const body = match[2] ?? '';
    let consumed = 0;
    for (let m = labelPattern.exec(body); m; m = labelPattern.exec(body)) {
      labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed = labelPattern.lastIndex;
    }
    assert.equal(consumed, body.length, `unparsed labels in: ${line}`);
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and these labels. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} appears ${found.length} times`);
  return found[0]?.value;
}

/** Adds runs to a copy of the fixture with plain SQL, as another process (runner.py) would. */
function addRuns(dbPath: string, runs: Array<{ script: string; seconds: number; start: string; exitCode?: number }>) {
  const db = new Database(dbPath);
  try {
    const insert = db.prepare(
      `INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success)
       VALUES (?, '[]', ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const r of runs)
        insert.run(r.script, r.start, r.start, r.seconds, r.exitCode ?? 0, (r.exitCode ?? 0) === 0 ? 1 : 0);
    })();
  } finally {
    db.close();
  }
}

describe('GET /metrics', () => {
  describe('over the runner.py fixture', () => {
    let server: FixtureServer;
    let text: string;
    let samples: Sample[];
    before(async () => {
      server = await startFixtureServer();
      const res = await server.get('metrics');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      text = await res.text();
      samples = parseSamples(text);
    });
    after(() => server.stopUnchanged());

    it('passes promtool check metrics', function () {
      requirePromtool(this);
      const result = promtoolCheck(text);
      assert.equal(result.status, 0, result.output);
    });

    it('counts runs by outcome per script, as recorded', () => {
      const runs = (script: string, outcome: string) => valueOf(samples, 'runner_dash_runs_total', { script, outcome });
      assert.equal(runs('jobs/flaky.py', 'failure'), 4);
      assert.equal(runs('jobs/flaky.py', 'success'), 10);
      assert.equal(runs('jobs/flaky.py', 'timeout'), 0);
      assert.equal(runs('jobs/hangs.py', 'timeout'), 2);
      assert.equal(runs('jobs/hangs.py', 'failure'), 0);
      assert.equal(runs('jobs/fast_ok.py', 'success'), 10);
      assert.equal(runs('jobs/memory_hog.py', 'success'), 4);
    });

    it('has a cumulative duration histogram per script from 0.1 s to an hour', () => {
      const bucket = (script: string, le: string) =>
        valueOf(samples, 'runner_dash_run_duration_seconds_bucket', { script, le });
      assert.equal(bucket('jobs/fast_ok.py', '0.1'), 1);
      assert.equal(bucket('jobs/fast_ok.py', '0.25'), 10);
      assert.equal(bucket('jobs/slow_growing.py', '0.25'), 8);
      assert.equal(bucket('jobs/slow_growing.py', '0.5'), 10);
      assert.equal(bucket('jobs/hangs.py', '1'), 0);
      assert.equal(bucket('jobs/hangs.py', '2.5'), 2);
      assert.equal(bucket('jobs/hangs.py', '3600'), 2);
      assert.equal(bucket('jobs/hangs.py', '+Inf'), 2);
      assert.equal(valueOf(samples, 'runner_dash_run_duration_seconds_count', { script: 'jobs/flaky.py' }), 14);
      const sum = valueOf(samples, 'runner_dash_run_duration_seconds_sum', { script: 'jobs/hangs.py' })!;
      assert.ok(Math.abs(sum - 2.0392) < 1e-9, String(sum));
    });

    it('gives the newest run’s start (Unix seconds) and duration, and no confirmed regression', () => {
      const start = valueOf(samples, 'runner_dash_last_run_timestamp_seconds', { script: 'jobs/hangs.py' });
      assert.equal(start, new Date('2026-11-28T01:36:49.501876').getTime() / 1000);
      assert.equal(valueOf(samples, 'runner_dash_last_run_duration_seconds', { script: 'jobs/hangs.py' }), 1.0191);
      assert.equal(
        valueOf(samples, 'runner_dash_last_run_duration_seconds', { script: 'jobs/slow_growing.py' }),
        0.3087,
      );
      assert.equal(valueOf(samples, 'runner_dash_confirmed_regressions', { script: 'jobs/flaky.py' }), 0);
      assert.equal(valueOf(samples, 'runner_dash_folded_scripts', {}), 0);
    });

    it('serves the same text again while the history is unchanged, and the new counts once a run is committed', async () => {
      assert.equal(await (await server.get('metrics')).text(), text);
      addRuns(server.dbPath, [
        { script: 'jobs/flaky.py', seconds: 0.2, start: '2026-11-28T01:50:00.000000', exitCode: 2 },
      ]);
      const deadline = Date.now() + 3000;
      let failures: number | undefined;
      while (Date.now() < deadline) {
        const now = parseSamples(await (await server.get('metrics')).text());
        failures = valueOf(now, 'runner_dash_runs_total', { script: 'jobs/flaky.py', outcome: 'failure' });
        if (failures === 5) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(failures, 5);
      server.hashBefore = sha256(server.dbPath);
    });
  });

  describe('with hostile script names and a cardinality limit', () => {
    const HOSTILE = [
      'jobs/"quoted".py',
      'C:\\jobs\\back\\slash.py',
      'jobs/line\nbreak.py',
      'jobs/ünïcødé/漢字/🚀.py',
      'jobs/all "of\\them"\n.py',
      'jobs/trailing backslash\\',
    ];
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ token: TOKEN, basePath: '/prom', metricsMaxScripts: 8 });
      addRuns(
        server.dbPath,
        HOSTILE.map((script, i) => ({ script, seconds: 0.3 + i, start: `2026-11-28T01:5${i}:00.000000` })),
      );
      server.hashBefore = sha256(server.dbPath);
    });
    after(() => server.stopUnchanged());

    const scrape = async (): Promise<string> => {
      const res = await server.get('metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      return res.text();
    };

    it('needs the token like the API: 401 without it or with a wrong one', async () => {
      for (const headers of [{}, { Authorization: 'Bearer nope' }] as Array<Record<string, string>>) {
        const res = await server.get('metrics', { headers });
        assert.equal(res.status, 401);
        assert.match(((await res.json()) as { detail: string }).detail, /token/);
      }
    });

    it('passes promtool check metrics with quotes, backslashes, line breaks and unicode in script names', async function () {
      requirePromtool(this);
      const result = promtoolCheck(await scrape());
      assert.equal(result.status, 0, result.output);
    });

    it('escapes each hostile name so that it reads back exactly', async () => {
      const samples = parseSamples(await scrape());
      for (const script of HOSTILE)
        assert.equal(valueOf(samples, 'runner_dash_runs_total', { script, outcome: 'success' }), 1, script);
      assert.ok(!(await scrape()).includes('line\nbreak'), 'no raw line break inside a label');
    });

    it('keeps the 8 most recently run scripts and folds the 3 oldest into script="other"', async () => {
      const samples = parseSamples(await scrape());
      const scripts = new Set(samples.filter((s) => s.name === 'runner_dash_runs_total').map((s) => s.labels.script));
      assert.equal(scripts.size, 9);
      assert.ok(scripts.has('other'));
      for (const script of [...HOSTILE, 'jobs/hangs.py', 'jobs/memory_hog.py']) assert.ok(scripts.has(script), script);
      // slow_growing (10 runs), flaky (10 successes, 4 failures) and fast_ok (10) were run least recently.
      assert.equal(valueOf(samples, 'runner_dash_runs_total', { script: 'other', outcome: 'success' }), 30);
      assert.equal(valueOf(samples, 'runner_dash_runs_total', { script: 'other', outcome: 'failure' }), 4);
      assert.equal(valueOf(samples, 'runner_dash_run_duration_seconds_count', { script: 'other' }), 34);
      assert.equal(valueOf(samples, 'runner_dash_last_run_duration_seconds', { script: 'other' }), 0.3087);
      assert.equal(valueOf(samples, 'runner_dash_folded_scripts', {}), 3);
    });
  });
});
