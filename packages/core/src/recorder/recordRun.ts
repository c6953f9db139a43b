import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { HistoryWriter } from '../store/HistoryWriter.js';
import type { HistoryWriterLike } from '../store/HistoryWriterLike.js';
import { openHistoryWriter } from '../store/openHistoryWriter.js';
import { isPostgresUrl } from '../store/postgres/postgresUrl.js';
import type { NewExecution } from '../types.js';
import { attemptToExecution, exitCodeOf } from './attemptToExecution.js';
import { DEFAULT_HISTORY_FILE } from './defaultHistoryFile.js';
import { probePythonVersion } from './probePythonVersion.js';
import { runAttempt, type AttemptOutcome } from './runAttempt.js';

/** Options of {@link recordRun}. */
export interface RecordRunOptions {
  /** The command as the user wrote it; a `*.py` path runs with `python`. Stored as `script_path`. */
  command: string;
  /** Its arguments, stored as `script_args`. */
  args?: string[];
  /**
   * History file (relative to `cwd`) or `postgres://` URL; default `script_runner_history.db`,
   * created when absent.
   */
  db?: string;
  /** An open writer to use instead of opening `db` (it is left open): any store, or a remote one. */
  writer?: HistoryWriterLike | HistoryWriter;
  cwd?: string;
  /** Environment of the command (default: ours). `PYTHONUNBUFFERED=1` is added unless set, so output streams live. */
  env?: NodeJS.ProcessEnv;
  /** Interpreter for `*.py` commands. Default `python3`. */
  python?: string;
  /** Stop an attempt after this many seconds (fractions allowed). */
  timeoutSeconds?: number;
  /** Further attempts allowed after a failed first one. Default 0. */
  retries?: number;
  /** Pause between attempts. Default 0. */
  retryDelaySeconds?: number;
  /** Default `inherit`: the command reads our stdin. */
  stdin?: 'inherit' | 'ignore';
  /** Where the command's output (and the recorder's own notes, on stderr) go. Default: ours. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Aborting stops the command like Ctrl-C: its tree is stopped, the attempt still recorded. */
  signal?: AbortSignal;
  /** Aborting kills the command's tree at once, without the grace periods (a second Ctrl-C). */
  killSignal?: AbortSignal;
  /** Default 100 ms. */
  sampleIntervalMs?: number;
  /** Time the tree gets between INT, TERM and KILL. Default 2000 ms. */
  killGraceMs?: number;
}

/** One attempt as measured and written. */
export interface RecordedAttempt {
  execution: NewExecution;
  outcome: AttemptOutcome;
  /** The new row's id; absent when writing failed (see `recordError`). */
  executionId?: number;
  recordError?: Error;
}

/** The outcome of {@link recordRun}. */
export interface RecordRunResult {
  /** Exit status to pass on: the last attempt's code, 124 after a timeout, 130 when aborted. */
  exitCode: number;
  attempts: RecordedAttempt[];
  timedOut: boolean;
  interrupted: boolean;
  /** The history written to: the file path, or the PostgreSQL URL without its password. */
  db: string;
}

/** A Python interpreter named as the command (`python`, `python3`, `python3.12`). */
const PYTHON_INTERPRETER = /^python(\d+(\.\d+)*)?(\.exe)?$/i;

/**
 * Runs a command (or Python script) the way `runner.py` does — with timeout, retries,
 * live output, CPU/memory sampling — and records every attempt in a history database,
 * each in one short transaction right after it ends.
 *
 * @throws HistoryError when the database cannot be opened (before anything runs);
 *   RangeError/TypeError for invalid options.
 */
export async function recordRun(options: RecordRunOptions): Promise<RecordRunResult> {
  const o = checkOptions(options);
  const cwd = resolve(options.cwd ?? process.cwd());
  const db = options.db ?? DEFAULT_HISTORY_FILE;
  const target = isPostgresUrl(db) ? db : resolve(cwd, db);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const note = (text: string): void => void stderr.write(`runner-dash: ${text}\n`);
  // Opened before the command starts: a bad --db must fail before the script has run.
  const writer = options.writer ?? (await openHistoryWriter(target));
  const dbPath = writer.location;
  const isPython = /\.py$/i.test(options.command);
  // `runner-dash run -- python3 etl.py …` is the same script as `runner-dash run etl.py …`:
  // record it under the script's path, as runner.py does, not under the interpreter's name.
  const viaInterpreter =
    !isPython && PYTHON_INTERPRETER.test(basename(options.command)) && /\.py$/i.test(o.args[0] ?? '');
  const spawnCommand = isPython ? o.python : options.command;
  const spawnArgs = isPython ? [options.command, ...o.args] : o.args;
  const scriptPath = viaInterpreter ? o.args[0]! : options.command;
  const scriptArgs = viaInterpreter ? o.args.slice(1) : o.args;
  const interpreter = isPython ? o.python : viaInterpreter ? options.command : undefined;
  const env = { ...(options.env ?? process.env) };
  env.PYTHONUNBUFFERED ??= '1';
  let versionProbe: Promise<string | null> | undefined;
  const attempts: RecordedAttempt[] = [];
  try {
    for (let attemptNumber = 1; !options.signal?.aborted; attemptNumber++) {
      const running = runAttempt({
        command: spawnCommand,
        args: spawnArgs,
        cwd,
        env,
        timeoutMs: o.timeoutSeconds === undefined ? undefined : o.timeoutSeconds * 1000,
        killGraceMs: o.killGraceMs,
        sampleIntervalMs: o.sampleIntervalMs,
        stdin: options.stdin ?? 'inherit',
        stdout,
        stderr,
        signal: options.signal,
        killSignal: options.killSignal,
      });
      // Started only now, beside the script that is already running: it costs no wall time.
      if (interpreter) versionProbe ??= probePythonVersion(interpreter);
      const outcome = await running;
      if (outcome.spawnError) note(`could not start ${spawnCommand}: ${outcome.spawnError.message}`);
      if (outcome.timedOut) note(`timed out after ${o.timeoutSeconds} s; stopped ${options.command} and its processes`);
      const execution = attemptToExecution(outcome, {
        scriptPath,
        scriptArgs,
        attemptNumber,
        timeoutSeconds: o.timeoutSeconds,
        pythonVersion: versionProbe ? await versionProbe : null,
      });
      const attempt: RecordedAttempt = { execution, outcome };
      try {
        attempt.executionId = await writer.record(execution);
      } catch (err) {
        // The command has run; losing its record is reported but does not change its exit status.
        attempt.recordError = err as Error;
        note(`could not record the run in ${dbPath}: ${(err as Error).message}`);
      }
      attempts.push(attempt);
      if (execution.success || outcome.interrupted || attemptNumber > o.retries) break;
      note(
        `attempt ${attemptNumber} of ${o.retries + 1} failed (exit code ${execution.exit_code}); ` +
          `retrying${o.retryDelaySeconds > 0 ? ` in ${o.retryDelaySeconds} s` : ''}`,
      );
      await pause(o.retryDelaySeconds * 1000, options.signal);
    }
  } finally {
    if (!options.writer) await writer.close();
  }
  const last = attempts.at(-1);
  const interrupted = options.signal?.aborted ?? false;
  const timedOut = last?.outcome.timedOut ?? false;
  return {
    exitCode: interrupted ? 130 : timedOut ? 124 : last ? exitCodeOf(last.outcome) : 130,
    attempts,
    timedOut,
    interrupted,
    db: dbPath,
  };
}

function checkOptions(options: RecordRunOptions) {
  if (typeof options.command !== 'string' || options.command === '') {
    throw new TypeError('command must be a non-empty string');
  }
  const args = options.args ?? [];
  if (!args.every((a) => typeof a === 'string')) throw new TypeError('args must be strings');
  if (options.python !== undefined && (typeof options.python !== 'string' || options.python === '')) {
    throw new TypeError('python must name an interpreter');
  }
  // A NUL byte cannot reach exec(); Node would throw from deep inside spawn.
  if ([options.command, ...args, options.python ?? ''].some((a) => a.includes('\0'))) {
    throw new TypeError('command, arguments and python must not contain NUL characters');
  }
  const numberOption = (name: string, value: number | undefined, fallback: number, integer = false): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      throw new RangeError(`${name} must be ${integer ? 'a whole number' : 'a number'} ≥ 0 (got ${value})`);
    }
    return value;
  };
  if (
    options.timeoutSeconds !== undefined &&
    !(options.timeoutSeconds > 0 && Number.isFinite(options.timeoutSeconds))
  ) {
    throw new RangeError(`timeoutSeconds must be a number of seconds > 0 (got ${options.timeoutSeconds})`);
  }
  if (options.cwd !== undefined && !statSync(options.cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RangeError(`working directory ${options.cwd} does not exist`);
  }
  const sampleIntervalMs = numberOption('sampleIntervalMs', options.sampleIntervalMs, 100);
  if (sampleIntervalMs === 0) throw new RangeError('sampleIntervalMs must be > 0');
  return {
    args,
    python: options.python ?? 'python3',
    timeoutSeconds: options.timeoutSeconds,
    retries: numberOption('retries', options.retries, 0, true),
    retryDelaySeconds: numberOption('retryDelaySeconds', options.retryDelaySeconds, 0),
    sampleIntervalMs,
    killGraceMs: numberOption('killGraceMs', options.killGraceMs, 2000),
  };
}

// Resolves early when the run is aborted, so Ctrl-C during a retry delay is prompt.
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
