import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordRun, type RecordRunOptions } from '@runner-dash/core';
import { FIXTURE_DB, perTestTempFiles } from '../helpers/fixture.js';
import { CapturedStream, isAlive, query, readRun, schemaSnapshot, waitFor } from './historyInspect.js';

const PYTHON_VERSION = execFileSync('python3', ['-VV'], { encoding: 'utf8' })
  .trim()
  .replace(/^Python /, '');

describe('recordRun', function () {
  this.timeout(20_000);
  const { temp, copy } = perTestTempFiles();
  const record = (options: RecordRunOptions & { cwd: string }) => {
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    return recordRun({ stdin: 'ignore', ...options, stdout, stderr }).then((result) => ({ result, stdout, stderr }));
  };

  it('appends a Python run to the fixture with runner.py columns and metrics, leaving the schema exactly as it was', async () => {
    const { path, dir } = copy();
    writeFileSync(
      join(dir, 'work.py'),
      [
        'import sys, time',
        'print("args", sys.argv[1:])',
        'data = [0] * 2_000_000',
        'end = time.time() + 0.35',
        'while time.time() < end: pass',
        'print("two", file=sys.stderr)',
        'print("three")',
      ].join('\n'),
    );
    const { result, stdout, stderr } = await record({ command: 'work.py', args: ['--n', 'a b'], db: path, cwd: dir });
    assert.equal(result.exitCode, 0);
    assert.equal(stdout.text, "args ['--n', 'a b']\nthree\n");
    assert.equal(stderr.text, 'two\n');
    assert.equal(result.attempts[0]?.executionId, 41);
    const { row, metrics } = readRun(path, 41);
    assert.equal(row.script_path, 'work.py');
    assert.equal(row.script_args, '["--n","a b"]');
    assert.equal(row.exit_code, 0);
    assert.equal(row.success, 1);
    assert.equal(row.attempt_number, 1);
    assert.equal(row.timeout_seconds, null);
    assert.equal(row.timed_out, 0);
    assert.equal(row.stdout_lines, 2);
    assert.equal(row.stderr_lines, 1);
    assert.equal(row.python_version, PYTHON_VERSION);
    assert.equal(row.platform, process.platform);
    assert.match(row.start_time as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.ok((row.end_time as string) > (row.start_time as string));
    const seconds = row.execution_time_seconds as number;
    assert.ok(seconds >= 0.35 && seconds < 5, `execution_time_seconds ${seconds}`);
    assert.equal(metrics.execution_time_seconds, seconds);
    assert.deepEqual(
      [metrics.success, metrics.timed_out, metrics.stdout_length, metrics.stderr_length],
      [1, 0, "args ['--n', 'a b']\nthree\n".length, 4],
    );
    // The busy loop burns about 0.35 s of CPU, visible in both the shell's accounting and the samples.
    assert.ok((metrics.user_time_seconds as number) >= 0.2, `user ${metrics.user_time_seconds}`);
    assert.ok((metrics.system_time_seconds as number) >= 0);
    assert.ok((metrics.sample_count as number) >= 3, `samples ${metrics.sample_count}`);
    assert.ok((metrics.cpu_max as number) >= 50, `cpu_max ${metrics.cpu_max}`);
    assert.ok((metrics.cpu_min as number) <= (metrics.cpu_avg as number));
    assert.ok((metrics.cpu_avg as number) <= (metrics.cpu_max as number));
    // A list of two million references is at least 15 MiB resident.
    assert.ok((metrics.memory_max_mb as number) > 15, `memory_max_mb ${metrics.memory_max_mb}`);
    assert.ok((metrics.memory_min_mb as number) <= (metrics.memory_avg_mb as number));
    assert.deepEqual(schemaSnapshot(path), schemaSnapshot(FIXTURE_DB));
  });

  it('creates script_runner_history.db in the working directory with the fixture schema when none is given', async () => {
    const dir = temp();
    const { result } = await record({ command: 'sh', args: ['-c', 'echo hi; exit 3'], cwd: dir });
    const path = join(dir, 'script_runner_history.db');
    assert.equal(result.db, path);
    assert.deepEqual(schemaSnapshot(path), schemaSnapshot(FIXTURE_DB));
    const { row, metrics } = readRun(path, 1);
    assert.deepEqual(
      [row.script_path, row.script_args, row.exit_code, row.success, row.python_version],
      ['sh', '["-c","echo hi; exit 3"]', 3, 0, null],
    );
    assert.equal(metrics.success, 0);
  });

  it('records `python3 script.py args` under the script, as runner.py and the bare `script.py` form do', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'job.py'), 'import sys\nprint(sys.argv[1:])\n');
    const viaInterpreter = await record({ command: 'python3', args: ['job.py', '--x'], cwd: dir });
    const bare = await record({ command: 'job.py', args: ['--x'], cwd: dir });
    for (const { result, stdout } of [viaInterpreter, bare]) {
      assert.equal(stdout.text, "['--x']\n");
      const { row } = readRun(join(dir, 'script_runner_history.db'), result.attempts[0]!.executionId!);
      assert.equal(row.script_path, 'job.py');
      assert.equal(row.script_args, '["--x"]');
      assert.equal(row.python_version, PYTHON_VERSION);
    }
    const other = await record({ command: 'sh', args: ['-c', 'true', 'x.py'], cwd: dir });
    const { row } = readRun(join(dir, 'script_runner_history.db'), other.result.attempts[0]!.executionId!);
    assert.equal(row.script_path, 'sh', 'only a Python interpreter followed by a .py path is unwrapped');
    assert.equal(row.python_version, null);
  });

  it('passes exit codes through, and 128+N when signal N ends the command', async () => {
    const dir = temp();
    for (const [script, expected] of [
      ['exit 0', 0],
      ['exit 7', 7],
      ['kill -TERM $$', 143],
    ] as const) {
      const { result } = await record({ command: 'sh', args: ['-c', script], cwd: dir });
      assert.equal(result.exitCode, expected, script);
      assert.equal(result.attempts[0]?.execution.exit_code, expected, script);
    }
    assert.deepEqual(
      query(join(dir, 'script_runner_history.db'), 'SELECT exit_code, success FROM executions ORDER BY id'),
      [
        { exit_code: 0, success: 1 },
        { exit_code: 7, success: 0 },
        { exit_code: 143, success: 0 },
      ],
    );
  });

  it('records exit code 127 for a command that does not exist', async () => {
    const dir = temp();
    const { result, stderr } = await record({ command: 'no-such-command-runner-dash', cwd: dir });
    assert.equal(result.exitCode, 127);
    assert.match(stderr.text, /no-such-command-runner-dash/);
    assert.equal(readRun(join(dir, 'script_runner_history.db'), 1).row.exit_code, 127);
  });

  it('stops the whole tree on timeout: exit 124, row exit_code -1 and timed_out 1, the grandchild dead', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'hangs.py'),
      [
        'import subprocess, sys, time',
        'child = subprocess.Popen(["sleep", "30"])',
        'open("grandchild.pid", "w").write(str(child.pid))',
        'print("started", flush=True)',
        'time.sleep(30)',
      ].join('\n'),
    );
    const began = Date.now();
    const { result, stdout, stderr } = await record({ command: 'hangs.py', timeoutSeconds: 0.5, cwd: dir });
    const elapsed = Date.now() - began;
    assert.equal(result.exitCode, 124);
    assert.equal(result.timedOut, true);
    assert.equal(stdout.text, 'started\n');
    assert.match(stderr.text, /timed out after 0\.5 s/);
    assert.ok(elapsed < 4000, `took ${elapsed} ms`);
    const grandchild = Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8'));
    await waitFor(() => !isAlive(grandchild), 2000, `grandchild ${grandchild} to die`);
    const { row, metrics } = readRun(join(dir, 'script_runner_history.db'), 1);
    assert.deepEqual(
      [row.exit_code, row.success, row.timed_out, row.timeout_seconds, row.stdout_lines],
      [-1, 0, 1, 1, 1],
    );
    assert.ok((row.execution_time_seconds as number) >= 0.5 && (row.execution_time_seconds as number) < 3);
    assert.deepEqual([metrics.timed_out, metrics.success], [1, 0]);
  });

  it('retries a failed attempt and records each attempt with its number', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'flaky.py'),
      [
        'import os, sys',
        'if not os.path.exists("state"):',
        '    open("state", "w").write("failed once")',
        '    print("transient failure", file=sys.stderr)',
        '    sys.exit(2)',
        'print("ok")',
      ].join('\n'),
    );
    const { result, stderr } = await record({ command: 'flaky.py', retries: 3, retryDelaySeconds: 0.1, cwd: dir });
    assert.equal(result.exitCode, 0);
    assert.match(stderr.text, /attempt 1 of 4 failed \(exit code 2\); retrying in 0\.1 s/);
    assert.deepEqual(
      query(
        join(dir, 'script_runner_history.db'),
        'SELECT script_path, attempt_number, exit_code, success, stdout_lines, stderr_lines FROM executions ORDER BY id',
      ),
      [
        { script_path: 'flaky.py', attempt_number: 1, exit_code: 2, success: 0, stdout_lines: 0, stderr_lines: 1 },
        { script_path: 'flaky.py', attempt_number: 2, exit_code: 0, success: 1, stdout_lines: 1, stderr_lines: 0 },
      ],
    );
  });

  it('gives up after the allowed retries with the last exit code', async () => {
    const dir = temp();
    const { result } = await record({ command: 'sh', args: ['-c', 'exit 5'], retries: 2, cwd: dir });
    assert.equal(result.exitCode, 5);
    assert.deepEqual(
      query(join(dir, 'script_runner_history.db'), 'SELECT attempt_number FROM executions').map(
        (r) => r.attempt_number,
      ),
      [1, 2, 3],
    );
  });

  it('streams output while the command runs instead of collecting it until the end', async () => {
    const dir = temp();
    const { result, stdout } = await record({
      command: 'sh',
      args: ['-c', 'echo first; sleep 0.8; echo second'],
      cwd: dir,
    });
    const [first, second] = stdout.chunks;
    assert.equal(first?.text, 'first\n');
    assert.equal(second?.text, 'second\n');
    assert.ok(second.at - first.at >= 600, `first line came only ${second.at - first.at} ms before the end`);
    assert.equal(result.attempts[0]?.execution.stdout_lines, 2);
  });

  it('counts an unterminated last line as a line', async () => {
    const dir = temp();
    const { result } = await record({ command: 'printf', args: ['a\\nb\\nc'], cwd: dir });
    assert.deepEqual([result.attempts[0]?.execution.stdout_lines, result.attempts[0]?.outcome.stdout.bytes], [3, 5]);
  });

  it('on abort stops the command, still records the attempt, and reports 130 without retrying', async () => {
    const dir = temp();
    const controller = new AbortController();
    const stdout = new CapturedStream();
    const running = recordRun({
      command: 'sh',
      args: ['-c', 'echo ready; sleep 30'],
      retries: 3,
      cwd: dir,
      stdin: 'ignore',
      stdout,
      stderr: new CapturedStream(),
      signal: controller.signal,
    });
    await waitFor(() => stdout.text.includes('ready'), 5000, 'the command to start');
    controller.abort();
    const result = await running;
    assert.equal(result.exitCode, 130);
    assert.equal(result.interrupted, true);
    assert.equal(result.attempts.length, 1);
    const { row } = readRun(join(dir, 'script_runner_history.db'), 1);
    // sh passes on that SIGINT ended its sleep.
    assert.deepEqual([row.exit_code, row.success, row.timed_out], [130, 0, 0]);
  });

  it('rejects bad options before running anything or creating the database', async () => {
    const dir = temp();
    await assert.rejects(record({ command: 'true', timeoutSeconds: 0, cwd: dir }), /timeoutSeconds must be/);
    await assert.rejects(record({ command: 'true', retries: 1.5, cwd: dir }), /retries must be a whole number/);
    await assert.rejects(record({ command: '', cwd: dir }), /command must be a non-empty string/);
    await assert.rejects(record({ command: 'echo', args: ['a\0b'], cwd: dir }), /must not contain NUL/);
    assert.equal(existsSync(join(dir, 'script_runner_history.db')), false);
  });
});
