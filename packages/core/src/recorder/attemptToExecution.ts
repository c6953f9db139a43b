import { constants } from 'node:os';
import { toLocalIso } from '../timeWindow.js';
import type { NewExecution } from '../types.js';
import type { AttemptOutcome } from './runAttempt.js';

/** The run-level facts an attempt's row needs besides what was measured. */
export interface AttemptContext {
  scriptPath: string;
  scriptArgs: string[];
  attemptNumber: number;
  timeoutSeconds?: number;
  pythonVersion: string | null;
}

/**
 * The exit code a run is recorded (and the recorder exits) with: the command's own, 128+N
 * when signal N ended it (the shell convention), and 127 when it could not start.
 */
export function exitCodeOf(outcome: AttemptOutcome): number {
  if (outcome.exitCode !== null) return outcome.exitCode;
  if (outcome.exitSignal !== null) return 128 + (constants.signals[outcome.exitSignal] ?? 0);
  return 127;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * Turns a measured attempt into the row runner.py would have written: the same columns
 * and, for what runner-dash measures, the same metric names. A timed-out attempt has
 * exit code −1 and `timed_out` 1, as in runner.py.
 */
export function attemptToExecution(outcome: AttemptOutcome, context: AttemptContext): NewExecution {
  const exitCode = outcome.timedOut ? -1 : exitCodeOf(outcome);
  const success = exitCode === 0 && !outcome.interrupted;
  const executionTime = round(outcome.durationSeconds, 4);
  const metrics: Record<string, number> = {
    execution_time_seconds: executionTime,
    success: success ? 1 : 0,
    timed_out: outcome.timedOut ? 1 : 0,
    stdout_length: outcome.stdout.bytes,
    stderr_length: outcome.stderr.bytes,
  };
  if (outcome.cpuTimes) {
    metrics.user_time_seconds = round(outcome.cpuTimes.userSeconds, 6);
    metrics.system_time_seconds = round(outcome.cpuTimes.systemSeconds, 6);
  }
  const r = outcome.resources;
  metrics.sample_count = r.sampleCount;
  // Without a single sample there is nothing true to say about CPU or memory: no rows.
  if (r.sampleCount > 0) {
    metrics.cpu_avg = round(r.cpuAvg as number, 2);
    metrics.cpu_max = round(r.cpuMax as number, 2);
    metrics.cpu_min = round(r.cpuMin as number, 2);
    metrics.memory_avg_mb = round(r.memoryAvgMb as number, 4);
    metrics.memory_max_mb = round(r.memoryMaxMb as number, 4);
    metrics.memory_min_mb = round(r.memoryMinMb as number, 4);
  }
  return {
    script_path: context.scriptPath,
    script_args: context.scriptArgs,
    start_time: toLocalIso(outcome.startedAt),
    end_time: toLocalIso(outcome.endedAt),
    execution_time_seconds: executionTime,
    exit_code: exitCode,
    success,
    attempt_number: context.attemptNumber,
    timeout_seconds: context.timeoutSeconds === undefined ? null : Math.ceil(context.timeoutSeconds),
    timed_out: outcome.timedOut,
    stdout_lines: outcome.stdout.lines,
    stderr_lines: outcome.stderr.lines,
    python_version: context.pythonVersion,
    platform: process.platform,
    metrics,
  };
}
