import { toLocalIso, toSqliteUtc } from '../timeWindow.js';
import type { NewExecution } from '../types.js';
import type { DemoScriptProfile } from './demoScripts.js';
import type { PlannedRun } from './planDemoRuns.js';
import type { SeededRandom } from './SeededRandom.js';

/** The interpreter line runner.py 7.5 stores (the fixture's). */
const PYTHON_VERSION = '3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]';
/** runner.py samples the child's CPU and memory every 0.1 s. */
const SAMPLE_INTERVAL_S = 0.1;

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
/** Memory figures come from page counts: multiples of 4 KiB, shown in MB. */
const pagesMb = (mb: number): number => Math.max(1, Math.round(mb * 256)) / 256;

/** Naive local ISO time with microseconds (`2026-11-28T01:36:48.194022`) of an epoch-µs instant. */
export function formatLocalMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return toLocalIso(new Date(ms)).slice(0, -3) + String(us - ms * 1000).padStart(3, '0');
}

/** The sampler's metrics: present for every run, also those that timed out. */
function sampledMetrics(p: DemoScriptProfile, seconds: number, cpu: number, peakMb: number, rng: SeededRandom) {
  const cpuAvg = round(cpu, 2);
  return {
    sample_count: Math.max(1, Math.floor(seconds / SAMPLE_INTERVAL_S)),
    sampling_efficiency: round(Math.min(1, rng.uniform(0.93, 1.02)), 4),
    cpu_avg: cpuAvg,
    cpu_max: round(Math.min(cpuAvg * rng.uniform(1.2, 1.8), Math.max(100, p.cpuPercent * 1.5)), 2),
    cpu_min: round(cpuAvg * rng.uniform(0, 0.3), 2),
    memory_avg_mb: pagesMb(peakMb * rng.uniform(0.55, 0.85)),
    memory_max_mb: pagesMb(peakMb),
    memory_min_mb: pagesMb(peakMb * rng.uniform(0.02, 0.25)),
  };
}

/**
 * Draws the columns and the 33 runner.py metrics of one planned attempt (11 for a run
 * killed at its timeout, whose process statistics were never collected), in the order
 * runner.py writes them.
 */
export function toDemoExecution(p: DemoScriptProfile, run: PlannedRun, rng: SeededRandom): NewExecution {
  const seconds = run.seconds;
  const endUs = run.startUs + Math.round(seconds * 1e6);
  const cpu = p.cpuPercent * rng.lognormal(0.15);
  const peakMb = p.memoryMb * rng.lognormal(0.08);
  const success = run.outcome === 'ok';
  const base = {
    script_path: p.path,
    script_args: p.args,
    start_time: formatLocalMicros(run.startUs),
    end_time: formatLocalMicros(endUs),
    execution_time_seconds: seconds,
    exit_code: run.exitCode,
    success,
    attempt_number: run.attempt,
    timeout_seconds: p.timeoutSeconds,
    python_version: PYTHON_VERSION,
    platform: 'linux',
    created_at: toSqliteUtc(new Date(Math.floor(endUs / 1000))),
  };

  if (run.outcome === 'timeout') {
    return {
      ...base,
      timed_out: true,
      stdout_lines: rng.int(0, Math.ceil(p.stdoutLines / 2)),
      stderr_lines: 0,
      metrics: {
        execution_time_seconds: seconds,
        success: 0,
        timed_out: 1,
        ...sampledMetrics(p, seconds, cpu, peakMb, rng),
      },
    };
  }

  const stdoutLines = success
    ? Math.max(0, Math.round(p.stdoutLines * rng.uniform(0.8, 1.25)))
    : rng.int(0, p.stdoutLines);
  // A failure leaves a traceback on stderr; a success now and then a warning.
  const stderrLines = success ? (rng.chance(0.05) ? rng.int(1, 3) : 0) : rng.int(4, 25);
  const busy = (seconds * cpu) / 100;
  const userTime = busy * rng.uniform(0.78, 0.95);
  const memoryBefore = pagesMb(48 + rng.uniform(-0.6, 0.6));
  const memoryDelta = pagesMb(rng.uniform(0.15, 0.6));
  const fdsAfter = 7 + (rng.chance(0.02) ? 1 : 0);
  const maxKb = Math.round((peakMb + 9 + rng.uniform(0, 3)) * 1024);
  return {
    ...base,
    timed_out: false,
    stdout_lines: stdoutLines,
    stderr_lines: stderrLines,
    metrics: {
      execution_time_seconds: seconds,
      success: success ? 1 : 0,
      stdout_length: stdoutLines * rng.int(24, 90),
      stderr_length: stderrLines * rng.int(40, 120),
      timed_out: 0,
      memory_before: memoryBefore,
      cpu_percent_before: 0,
      num_threads_before: 1,
      num_fds_before: 7,
      memory_after: memoryBefore + memoryDelta,
      memory_delta: memoryDelta,
      cpu_percent_after: 0,
      num_threads_after: 1,
      num_fds_after: fdsAfter,
      num_fds_delta: fdsAfter - 7,
      user_time_seconds: round(userTime, 6),
      system_time_seconds: round(busy - userTime, 6),
      max_memory_kb: maxKb,
      max_memory_mb: maxKb / 1024,
      page_faults_minor: Math.round(800 + ((peakMb * 1024) / 4) * rng.uniform(0.7, 1.1)),
      page_faults_major: rng.chance(0.03) ? rng.int(1, 40) : 0,
      block_input_ops: p.ioHeavy
        ? Math.round(seconds * rng.uniform(50, 400)) * 8
        : rng.chance(0.1)
          ? rng.int(1, 16) * 8
          : 0,
      block_output_ops: p.ioHeavy ? Math.round(seconds * rng.uniform(100, 800)) * 8 : rng.int(0, 4) * 8,
      voluntary_context_switches: 1 + Math.round(seconds * rng.uniform(20, 120)),
      involuntary_context_switches: rng.int(0, 6) + Math.round(busy * rng.uniform(5, 40)),
      ...sampledMetrics(p, seconds, cpu, peakMb, rng),
    },
  };
}
