import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { perTestTempFiles } from '../helpers/fixture.js';
import { isAlive, query, readRun, waitFor } from '../recorder/historyInspect.js';

// These tests drive the real CLI as users do: `node bin/runner-dash.js`, which runs dist/.
const BIN = fileURLToPath(new URL('../../bin/runner-dash.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/cli/commands/run.js', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each stdout chunk arrived and when the CLI exited (ms since epoch). */
  stdoutAt: number[];
  exitedAt: number;
}

function cli(args: string[], cwd: string, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const result: CliRun = { code: null, stdout: '', stderr: '', stdoutAt: [], exitedAt: 0 };
    child.stdout.on('data', (d: Buffer) => {
      result.stdout += d.toString();
      result.stdoutAt.push(Date.now());
    });
    child.stderr.on('data', (d: Buffer) => (result.stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      result.code = code;
      result.exitedAt = Date.now();
      resolve(result);
    });
    onStart?.(child);
  });
}

describe('runner-dash run (CLI)', function () {
  this.timeout(30_000);
  before(function () {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npx tsc -b packages/core\` first`);
  });
  const { temp, copy } = perTestTempFiles();

  it("exits with the command's exit code and records it in script_runner_history.db", async () => {
    const dir = temp();
    const result = await cli(['run', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], dir);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
    const { row } = readRun(join(dir, 'script_runner_history.db'), 1);
    assert.deepEqual([row.script_path, row.exit_code, row.stdout_lines, row.stderr_lines], ['sh', 3, 1, 1]);
  });

  it("shows the command's first line before the command has finished", async () => {
    const dir = temp();
    writeFileSync(join(dir, 'slow.py'), 'import time\nprint("first line")\ntime.sleep(1)\nprint("last line")\n');
    const result = await cli(['run', '--db', 'h.db', 'slow.py'], dir);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'first line\nlast line\n');
    const firstAt = result.stdoutAt[0] as number;
    assert.ok(result.exitedAt - firstAt >= 700, `first line arrived only ${result.exitedAt - firstAt} ms before exit`);
  });

  it('on Ctrl-C (SIGINT) stops the script and its children, records the run, and exits 130', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'long.py'),
      [
        'import subprocess, time',
        'child = subprocess.Popen(["sleep", "30"])',
        'print(child.pid, flush=True)',
        'time.sleep(30)',
      ].join('\n'),
    );
    let grandchild = 0;
    const result = await cli(['run', '--db', 'h.db', '--retry', '2', 'long.py'], dir, (child) => {
      child.stdout?.once('data', (d: Buffer) => {
        grandchild = Number(d.toString().trim());
        child.kill('SIGINT');
      });
    });
    assert.equal(result.code, 130);
    assert.ok(grandchild > 0);
    await waitFor(() => !isAlive(grandchild), 3000, 'the script’s child to die');
    const rows = query(join(dir, 'h.db'), 'SELECT exit_code, success, timed_out, stderr_lines FROM executions');
    assert.equal(rows.length, 1, 'recorded once, not retried');
    assert.equal(rows[0]?.success, 0);
    assert.equal(rows[0]?.timed_out, 0);
    // Python dies of the SIGINT after printing its KeyboardInterrupt traceback.
    assert.equal(rows[0]?.exit_code, 130);
    assert.ok((rows[0]?.stderr_lines as number) >= 1);
  });

  it('kills a command that ignores Ctrl-C at the second Ctrl-C instead of waiting out the grace period', async () => {
    const dir = temp();
    let firstAt = 0;
    const result = await cli(
      ['run', '--db', 'h.db', '--', 'sh', '-c', 'trap "" INT TERM; echo ready; sleep 20'],
      dir,
      (child) => {
        child.stdout?.once('data', () => {
          firstAt = Date.now();
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 200);
        });
      },
    );
    assert.equal(result.code, 130);
    // Without the second signal the default grace periods alone would take 4 s.
    assert.ok(result.exitedAt - firstAt < 1500, `took ${result.exitedAt - firstAt} ms`);
    assert.deepEqual(query(join(dir, 'h.db'), 'SELECT success, timed_out FROM executions'), [
      { success: 0, timed_out: 0 },
    ]);
  });

  it('exits 124 after --timeout and records exit code -1', async () => {
    const dir = temp();
    const began = Date.now();
    const result = await cli(['run', '--db', 'h.db', '--timeout', '0.3', '--', 'sleep', '10'], dir);
    assert.equal(result.code, 124);
    assert.ok(Date.now() - began < 5000);
    assert.match(result.stderr, /timed out after 0\.3 s/);
    assert.deepEqual(query(join(dir, 'h.db'), 'SELECT exit_code, timed_out, timeout_seconds FROM executions'), [
      { exit_code: -1, timed_out: 1, timeout_seconds: 1 },
    ]);
  });

  it('rejects a bad command line with exit code 2 and a hint, running nothing', async () => {
    const dir = temp();
    for (const args of [
      ['run'],
      ['run', '--timeout', 'soon', 'x.py'],
      ['run', '--retry', '-1', 'x.py'],
      ['run', '--bogus', 'x'],
    ]) {
      const result = await cli(args, dir);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^runner-dash run: .+ \(see 'runner-dash run --help'\)\n$/);
    }
    assert.equal(existsSync(join(dir, 'script_runner_history.db')), false);
  });

  it('answers --help itself, but hands a --help after -- to the command', async () => {
    const dir = temp();
    const help = await cli(['run', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: runner-dash run \[options\] \[--\] COMMAND/);
    const passed = await cli(['run', '--db', 'h.db', '--', 'sh', '-c', 'echo "$0 $1"', 'x', '--help'], dir);
    assert.equal(passed.code, 0);
    assert.equal(passed.stdout, 'x --help\n');
    assert.equal(
      query(join(dir, 'h.db'), 'SELECT script_args FROM executions')[0]?.script_args,
      '["-c","echo \\"$0 $1\\"","x","--help"]',
    );
  });

  it('refuses to record into a database that is not a history, before running the command', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just text that is long enough for a header');
    const result = await cli(['run', '--db', 'notes.txt', '--', 'sh', '-c', 'echo ran'], dir);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /notes\.txt is not a SQLite database/);
  });

  it('shares the file with a concurrent runner.py-style writer: every run of both lands exactly once', async () => {
    const { path, dir } = copy();
    const stopFile = join(dir, 'stop');
    // runner.py's way of writing: rollback journal, one transaction per run (executions row + 33 metrics).
    const pythonWriter = spawn(
      'python3',
      [
        '-c',
        [
          'import os, sqlite3, sys, time',
          'path, stop = sys.argv[1], sys.argv[2]',
          'conn = sqlite3.connect(path, timeout=10)',
          'n = 0',
          'while not os.path.exists(stop) or n < 20:',
          '    cur = conn.cursor()',
          '    cur.execute("INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success) VALUES (?, ?, ?, ?, ?, ?, ?)", ("py_writer.py", "[\\"%d\\"]" % n, "2026-11-28T03:00:00.000000", "2026-11-28T03:00:01.000000", 1.0, 0, 1))',
          '    eid = cur.lastrowid',
          '    time.sleep(0.003)',
          '    cur.executemany("INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, ?, ?)", [(eid, "m%d" % i, float(i)) for i in range(33)])',
          '    conn.commit()',
          '    n += 1',
          '    time.sleep(0.01)',
          'print(n)',
        ].join('\n'),
        path,
        stopFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let pyOut = '';
    let pyErr = '';
    pythonWriter.stdout.on('data', (d: Buffer) => (pyOut += d.toString()));
    pythonWriter.stderr.on('data', (d: Buffer) => (pyErr += d.toString()));
    const pyDone = new Promise<number | null>((resolve) => pythonWriter.on('close', resolve));

    const recorderRuns = 10;
    for (let i = 0; i < recorderRuns; i++) {
      const result = await cli(['run', '--db', path, '--', 'echo', `r${i}`], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /locked|busy/i);
    }
    writeFileSync(stopFile, '');
    assert.equal(await pyDone, 0, pyErr);
    assert.doesNotMatch(pyErr, /locked/i);
    const pythonRuns = Number(pyOut.trim());
    assert.ok(pythonRuns >= 20);

    const recorded = query<{ script_args: string; metrics: number }>(
      path,
      `SELECT script_args, (SELECT COUNT(*) FROM metrics m WHERE m.execution_id = e.id) AS metrics
       FROM executions e WHERE script_path = 'echo' ORDER BY id`,
    );
    assert.deepEqual(
      recorded.map((r) => r.script_args),
      Array.from({ length: recorderRuns }, (_, i) => `["r${i}"]`),
    );
    assert.ok(recorded.every((r) => r.metrics >= 6));
    const fromPython = query<{ script_args: string; metrics: number }>(
      path,
      `SELECT script_args, (SELECT COUNT(*) FROM metrics m WHERE m.execution_id = e.id) AS metrics
       FROM executions e WHERE script_path = 'py_writer.py' ORDER BY id`,
    );
    assert.deepEqual(
      fromPython.map((r) => r.script_args),
      Array.from({ length: pythonRuns }, (_, i) => `["${i}"]`),
    );
    assert.ok(fromPython.every((r) => r.metrics === 33));
    assert.equal(query(path, 'SELECT COUNT(*) AS n FROM executions')[0]?.n, 40 + recorderRuns + pythonRuns);
    assert.equal(query(path, 'PRAGMA journal_mode')[0]?.journal_mode, 'delete');
  });
});
