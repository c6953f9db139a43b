import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../src/index.js';
import { copyFixture, sha256 } from './fixtureServer.js';

const BIN = fileURLToPath(new URL('../bin/runner-dash-server.js', import.meta.url));

/** Runs the real bin (built dist) and collects its output until it exits. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Resolves with stdout once a line matches. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} in 15 s: ${text}`)), 15_000);
    child.stdout!.on('data', (d) => {
      text += d;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

describe('runner-dash-server command line', () => {
  before(function () {
    if (!existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url))))
      throw new Error("packages/server/dist is missing: run 'npx tsc -b packages/server' (npm test builds first)");
  });

  it('prints usage for --help and the version for --version, exit 0', async () => {
    const help = await runCli(['--help']).done;
    assert.equal(help.code, 0);
    for (const flag of [
      '--db',
      '--port',
      '--host',
      '--cors-origin',
      '--token',
      '--base-path',
      '--demo',
      'DASHBOARD_DB',
    ])
      assert.ok(help.stdout.includes(flag), flag);
    const ver = await runCli(['--version']).done;
    assert.deepEqual([ver.code, ver.stdout.trim()], [0, `runner-dash-server ${version}`]);
  });

  it('refuses a missing database with one line and exit code 2', async () => {
    const result = await runCli(['--db', '/nonexistent/history.db', '--port', '0']).done;
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^runner-dash-server: .*\/nonexistent\/history\.db/);
  });

  it('refuses a file that is not a history, and the default database when absent, with exit code 2', async () => {
    const notHistory = await runCli(['--db', BIN, '--port', '0']).done;
    assert.equal(notHistory.code, 2);
    assert.match(notHistory.stderr, /not a SQLite database/);
    const copy = copyFixture();
    try {
      const noDefault = await runCli(['--port', '0'], {}, copy.dir).done;
      assert.equal(noDefault.code, 2);
      assert.match(noDefault.stderr, /script_runner_history\.db/);
    } finally {
      copy.cleanup();
    }
  });

  it('refuses a bad port with exit code 2, naming the flag or variable', async () => {
    const flag = await runCli(['--port', 'http']).done;
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--port must be a port number/);
    const env = await runCli([], { DASHBOARD_PORT: '70000' }).done;
    assert.equal(env.code, 2);
    assert.match(env.stderr, /DASHBOARD_PORT must be a port number/);
  });

  it('says where to open the dashboard, serves it, and exits 0 on SIGTERM leaving the database untouched', async () => {
    const copy = copyFixture();
    const hash = sha256(copy.dbPath);
    try {
      const { child, done } = runCli(['--port', '0'], { DASHBOARD_DB: copy.dbPath, DASHBOARD_HOST: '127.0.0.1' });
      const out = await waitForOutput(child, /dashboard at (http:\/\/\S+)/);
      const url = /dashboard at (http:\/\/\S+)/.exec(out)![1]!;
      assert.ok(out.includes(copy.dbPath), 'names the database');
      const res = await fetch(new URL('api/executions?limit=1', url));
      assert.equal(res.headers.get('x-total-count'), '40');
      child.kill('SIGTERM');
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(sha256(copy.dbPath), hash);
    } finally {
      copy.cleanup();
    }
  });

  it('lets flags win over the environment and warns when bound beyond loopback without a token', async () => {
    const copy = copyFixture();
    try {
      const { child, done } = runCli(['--db', copy.dbPath, '--host', '0.0.0.0', '--port', '0'], {
        DASHBOARD_DB: join(copy.dir, 'missing.db'),
      });
      await waitForOutput(child, /dashboard at/);
      child.kill('SIGINT');
      const result = await done;
      assert.equal(result.code, 0);
      assert.match(result.stderr, /warning: listening on 0\.0\.0\.0 without --token/);
    } finally {
      copy.cleanup();
    }
  });

  it('refuses a port in use with a clear line and exit code 2', async () => {
    const copy = copyFixture();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['--db', copy.dbPath, '--port', String(port)]).done;
      assert.equal(result.code, 2);
      assert.match(
        result.stderr.trim(),
        new RegExp(`^runner-dash-server: port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
      assert.equal(result.stderr.trim().split('\n').length, 1);
    } finally {
      blocker.close();
      copy.cleanup();
    }
  });
});
