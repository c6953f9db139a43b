import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { silentLogger, startServer, type RunningServer } from '../../src/index.js';
import { copyFixture, FIXTURE_NOW } from '../fixtureServer.js';

const CORE_BIN = fileURLToPath(new URL('../../../core/bin/runner-dash.js', import.meta.url));
const TOKEN = 'spool-token';

/** Runs the real `runner-dash` CLI and collects what it printed. */
function runnerDash(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CORE_BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('runner-dash run --server with the server down (acceptance 3)', function () {
  this.timeout(60_000);
  let copy: ReturnType<typeof copyFixture>;
  let spoolDir: string;
  let server: RunningServer | undefined;
  let port: number;
  let env: NodeJS.ProcessEnv;

  const start = async (): Promise<void> => {
    server = await startServer({
      dbPath: copy.dbPath,
      host: '127.0.0.1',
      port,
      token: TOKEN,
      ingest: true,
      now: FIXTURE_NOW,
      log: silentLogger,
    });
    port = server.port;
  };
  const stop = async (): Promise<void> => {
    await server?.close();
    server = undefined;
  };
  const record = (tag: string) =>
    runnerDash(['run', '--server', `http://127.0.0.1:${port}`, '--', process.execPath, '-e', '', tag], env);
  /** The recorded runs of our command, by their tag argument. */
  const recordedTags = (): string[] => {
    const db = new Database(copy.dbPath, { readonly: true });
    try {
      return (
        db
          .prepare('SELECT script_args FROM executions WHERE script_path = ? ORDER BY id')
          .pluck()
          .all(process.execPath) as string[]
      ).map((args) => (JSON.parse(args) as string[])[2]!);
    } finally {
      db.close();
    }
  };
  const spooled = (): string[] => readdirSync(spoolDir).filter((n) => n.endsWith('.run.json'));

  before(async function () {
    if (!existsSync(fileURLToPath(new URL('../../../core/dist/cli/main.js', import.meta.url))))
      throw new Error("packages/core/dist is missing: run 'npx tsc -b packages/core' (npm test builds first)");
    copy = copyFixture();
    spoolDir = mkdtempSync(join(tmpdir(), 'runner-dash-spool-'));
    env = { RUNNER_DASH_SPOOL_DIR: spoolDir, RUNNER_DASH_TOKEN: TOKEN };
    port = 0;
    // Learn a free port, then take the server down: the runs below find nobody there.
    await start();
    await stop();
  });
  after(async () => {
    await stop();
    copy.cleanup();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('keeps three runs in the spool while the server is down, each still exiting with its own code', async () => {
    for (const tag of ['a', 'b', 'c']) {
      const { code, stderr } = await record(tag);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /could not be reached \(ECONNREFUSED\)/);
      assert.match(stderr, /kept in .*spool.* will be sent by the next 'runner-dash run --server/s);
    }
    assert.equal(spooled().length, 3);
    assert.deepEqual(recordedTags(), []);
  });

  it('sends them with the next run once the server is back: all three arrive exactly once', async () => {
    const spare = join(tmpdir(), `spare-${process.pid}.run.json`);
    copyFileSync(join(spoolDir, spooled()[0]!), spare);
    await start();
    const { code, stderr } = await record('d');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /sent 3 runs from the spool/);
    assert.deepEqual(recordedTags(), ['d', 'a', 'b', 'c']);
    assert.deepEqual(spooled(), []);
    // The same run sent again (a flush whose answer was lost) is recognised by its key.
    copyFileSync(spare, join(spoolDir, 'replayed.run.json'));
    rmSync(spare);
    const flush = await runnerDash(['spool', 'flush', '--server', `http://127.0.0.1:${port}`], env);
    assert.equal(flush.code, 0, flush.stderr);
    assert.match(flush.stderr, /sent 1 run from the spool .*\(1 of them it already had\)/);
    assert.deepEqual(recordedTags(), ['d', 'a', 'b', 'c']);
  });

  it('spool flush keeps the runs while the server is down (exit 1) and sends them once it is up', async () => {
    await stop();
    assert.equal((await record('e')).code, 0);
    const down = await runnerDash(['spool', 'flush', '--server', `http://127.0.0.1:${port}/`], env);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /1 run still waiting in the spool: .*could not be reached/);
    assert.equal(spooled().length, 1);
    await start();
    const up = await runnerDash(['spool', 'flush', '--server', `http://127.0.0.1:${port}`], env);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, /sent 1 run from the spool/);
    assert.deepEqual(recordedTags(), ['d', 'a', 'b', 'c', 'e']);
    const empty = await runnerDash(['spool', 'flush', '--server', `http://127.0.0.1:${port}`], env);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /the spool holds no runs/);
  });

  it('keeps a run refused for a wrong token (fixable later) and sends it when flushed with the right one', async () => {
    const wrong = await runnerDash(
      ['run', '--server', `http://127.0.0.1:${port}`, '--token', 'wrong', '--', process.execPath, '-e', '', 'f'],
      env,
    );
    // A wrong token may be fixed later: the run waits.
    assert.match(wrong.stderr, /HTTP 401.*kept in/s);
    assert.equal(spooled().length, 1);
    const flushed = await runnerDash(['spool', 'flush', '--server', `http://127.0.0.1:${port}`], env);
    assert.equal(flushed.code, 0, flushed.stderr);
    assert.deepEqual(recordedTags(), ['d', 'a', 'b', 'c', 'e', 'f']);
  });

  it('refuses --server without a token, before running anything', async () => {
    const { code, stderr } = await runnerDash(
      ['run', '--server', `http://127.0.0.1:${port}`, '--', process.execPath, '-e', ''],
      { RUNNER_DASH_SPOOL_DIR: spoolDir },
    );
    assert.equal(code, 2);
    assert.match(stderr, /--server needs the token/);
  });
});
