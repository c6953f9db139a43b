import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { migrateHistory, type ExecutionSummary, type LiveMessage } from '@runner-dash/core';
import { FIXTURE } from '../fixtureServer.js';

const SERVER_BIN = fileURLToPath(new URL('../../bin/runner-dash-server.js', import.meta.url));
const CORE_BIN = fileURLToPath(new URL('../../../core/bin/runner-dash.js', import.meta.url));
const CLIENTS_PER_SERVER = 3;
const RUNS = 3;

interface Client {
  ws: WebSocket;
  /** Every run received, with when it arrived. */
  runs: Array<{ execution: ExecutionSummary; at: number }>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts the real server bin on `db` and resolves with its URL once it says where it listens. */
function startServerProcess(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SERVER_BIN, '--db', db, '--host', '127.0.0.1', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s: ${out} ${err}`)), 15_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /dashboard at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

async function connect(serverUrl: string): Promise<Client> {
  const ws = new WebSocket(new URL('ws/metrics', serverUrl.replace(/^http/, 'ws')));
  const client: Client = { ws, runs: [] };
  const snapshot = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as LiveMessage;
      if (message.type === 'snapshot') resolve();
      if (message.type === 'executions') {
        for (const execution of message.executions) client.runs.push({ execution, at: Date.now() });
      }
    });
    ws.once('error', reject);
  });
  await snapshot;
  return client;
}

/** `runner-dash run --db URL -- node -e …` in its own process; resolves when it has exited (the run is committed). */
function recordRun(db: string, tag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CORE_BIN, 'run', '--db', db, '--', process.execPath, '-e', 'setTimeout(() => {}, 50)', tag],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(Date.now()) : reject(new Error(`recorder exited ${code}: ${stderr}`)),
    );
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('server replicas on one PostgreSQL history (issue 8, acceptance 2)', function () {
  this.timeout(60_000);
  let baseUrl = '';
  let dbUrl = '';
  let dbName = '';
  const servers: ChildProcess[] = [];
  const clients: Client[][] = [];

  before(async function () {
    baseUrl = process.env.RUNNER_DASH_PG_URL ?? '';
    if (!baseUrl) {
      if (process.env.RUNNER_DASH_E2E === '1')
        throw new Error(
          'the replica test needs PostgreSQL: RUNNER_DASH_PG_URL is not set (scripts/pg-test-cluster.sh start)',
        );
      console.log(
        '  skipped the server replica test: set RUNNER_DASH_PG_URL (scripts/pg-test-cluster.sh start prints one)',
      );
      this.skip();
    }
    for (const bin of ['../../dist/cli.js', '../../../core/dist/cli/main.js'])
      if (!existsSync(fileURLToPath(new URL(bin, import.meta.url))))
        throw new Error("the built CLIs are missing: run 'npx tsc -b packages/server' (npm test builds first)");
    dbName = `runner_dash_replicas_${randomBytes(5).toString('hex')}`;
    await admin(baseUrl, `CREATE DATABASE ${dbName}`);
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();
    await migrateHistory(FIXTURE, dbUrl);
    for (let s = 0; s < 2; s++) {
      const { child, url: serverUrl } = await startServerProcess(dbUrl);
      servers.push(child);
      clients.push(await Promise.all(Array.from({ length: CLIENTS_PER_SERVER }, () => connect(serverUrl))));
    }
  });

  after(async () => {
    for (const client of clients.flat()) client.ws.terminate();
    await Promise.all(servers.map(stopProcess));
    if (dbName) await admin(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('pushes every run a recorder in a third process commits to every client of both servers, once, within 1 s', async () => {
    const committed: Array<{ tag: string; at: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const tag = `replica-run-${i}`;
      committed.push({ tag, at: await recordRun(dbUrl, tag) });
    }
    // Time for a late duplicate to show up, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const expectedIds = [41, 42, 43];
    clients.forEach((perServer, s) =>
      perServer.forEach((client, c) => {
        const who = `server ${s + 1}, client ${c + 1}`;
        assert.deepEqual(
          client.runs.map((r) => r.execution.id),
          expectedIds,
          `${who} got each run exactly once`,
        );
        client.runs.forEach((r, i) => {
          assert.equal(r.execution.script_path, process.execPath);
          assert.equal(r.execution.success, true);
          const delay = r.at - committed[i]!.at;
          assert.ok(delay < 1000, `${who} got run ${r.execution.id} ${delay} ms after its recorder exited`);
        });
      }),
    );
  });
});
