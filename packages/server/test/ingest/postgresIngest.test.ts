import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openHistoryWriter } from '@runner-dash/core';
import { silentLogger, startServer, type RunningServer } from '../../src/index.js';
import { FIXTURE_NOW } from '../fixtureServer.js';
import { promtoolCheck, requirePromtool } from '../promtool.js';

const TOKEN = 'pg-ingest-token';
const AUTH = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

const run = (n: number, over: Record<string, unknown> = {}) => ({
  script_path: n % 2 ? 'team/odd "job".py' : 'team/even.py',
  start_time: `2026-11-28T01:${String(10 + n).padStart(2, '0')}:00.000000`,
  end_time: `2026-11-28T01:${String(10 + n).padStart(2, '0')}:02.000000`,
  execution_time_seconds: 2 + n / 10,
  exit_code: n === 3 ? 1 : 0,
  success: n !== 3,
  metrics: { execution_time_seconds: 2 + n / 10 },
  idempotency_key: `pg-${n}`,
  ...over,
});

describe('ingest and /metrics on a PostgreSQL history', function () {
  this.timeout(60_000);
  let baseUrl: string;
  let dbName: string;
  let url: string;
  let server: RunningServer;

  before(async function () {
    const fromEnv = process.env.RUNNER_DASH_PG_URL;
    if (!fromEnv) {
      if (process.env.RUNNER_DASH_E2E === '1')
        throw new Error('RUNNER_DASH_PG_URL is not set (scripts/pg-test-cluster.sh start prints one)');
      console.log('    skipped: set RUNNER_DASH_PG_URL (scripts/pg-test-cluster.sh start prints one)');
      return this.skip();
    }
    baseUrl = fromEnv;
    dbName = `runner_dash_ingest_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const target = new URL(baseUrl);
    target.pathname = `/${dbName}`;
    url = target.href;
    // Creates the tables, as `runner-dash db init` does.
    await (await openHistoryWriter(url)).close();
    server = await startServer({
      dbPath: url,
      port: 0,
      token: TOKEN,
      ingest: true,
      now: FIXTURE_NOW,
      log: silentLogger,
    });
  });
  after(async () => {
    if (!baseUrl) return;
    await server?.close();
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  const post = (body: unknown) =>
    fetch(new URL('api/ingest/executions', server.url), { method: 'POST', headers: AUTH, body: JSON.stringify(body) });

  it('writes a batch through the PostgreSQL writer, and a resent batch only where it is new', async () => {
    const first = await post({ executions: [1, 2, 3].map((n) => run(n)) });
    assert.equal(first.status, 201);
    const answer = (await first.json()) as { executions: Array<{ id: number; duplicate: boolean }>; recorded: number };
    assert.equal(answer.recorded, 3);
    const again = await post({ executions: [1, 2, 3, 4].map((n) => run(n)) });
    assert.equal(again.status, 201);
    const second = (await again.json()) as typeof answer;
    assert.deepEqual(
      second.executions.map((e) => e.duplicate),
      [true, true, true, false],
    );
    assert.deepEqual(
      second.executions.slice(0, 3).map((e) => e.id),
      answer.executions.map((e) => e.id),
    );
    const single = await post(run(2));
    assert.equal(single.status, 200);
    assert.deepEqual(await single.json(), { id: answer.executions[1]!.id, duplicate: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT COUNT(*)::int AS n FROM executions');
      assert.equal(rows[0].n, 4);
    } finally {
      await client.end();
    }
  });

  it('serves /metrics from the same history, passing promtool, with the counts written', async function () {
    const res = await fetch(new URL('metrics', server.url), { headers: { Authorization: AUTH.Authorization } });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /^runner_dash_runs_total\{script="team\/odd \\"job\\".py",outcome="success"\} 1$/m);
    assert.match(text, /^runner_dash_runs_total\{script="team\/odd \\"job\\".py",outcome="failure"\} 1$/m);
    assert.match(text, /^runner_dash_runs_total\{script="team\/even.py",outcome="success"\} 2$/m);
    assert.match(text, /^runner_dash_run_duration_seconds_bucket\{script="team\/even.py",le="2.5"\} 2$/m);
    assert.match(text, /^runner_dash_last_run_duration_seconds\{script="team\/even.py"\} 2.4$/m);
    requirePromtool(this);
    const checked = promtoolCheck(text);
    assert.equal(checked.status, 0, checked.output);
  });
});
