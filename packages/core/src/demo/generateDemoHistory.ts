import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HistoryWriter } from '../store/HistoryWriter.js';
import type { NewExecution } from '../types.js';
import { markDemoDatabase } from './demoMarker.js';
import { formatLocalMicros, toDemoExecution } from './demoExecution.js';
import { planDemoRuns, type DemoOptions, type DemoPlan } from './planDemoRuns.js';
import { SeededRandom } from './SeededRandom.js';

/** Options of {@link generateDemoHistory}. */
export interface GenerateDemoOptions extends DemoOptions {
  /** Called as runs are written (about every 1 %), and once at the end with done = total. */
  onProgress?: (done: number, total: number) => void;
}

/** What a generated demo history holds, including where its planted step regression is. */
export interface DemoSummary {
  path: string;
  executions: number;
  metrics: number;
  scripts: string[];
  days: number;
  seed: number;
  /** First and last `start_time`. */
  first_start_time: string;
  last_start_time: string;
  /**
   * The first run of the step script at its new, 30 % slower level: its `start_time` and
   * its index among that script's runs (oldest first), or null when it has none.
   */
  step: { script_path: string; start_time: string; run_index: number } | null;
  elapsed_ms: number;
}

function* executions(plan: DemoPlan, onProgress?: (done: number, total: number) => void): Generator<NewExecution> {
  // Metrics draw from their own stream so the schedule never depends on them.
  const rng = new SeededRandom((plan.seed ^ 0x6d657472) >>> 0);
  const total = plan.runs.length;
  const every = Math.max(1, Math.floor(total / 100));
  for (let i = 0; i < total; i++) {
    const run = plan.runs[i]!;
    yield toDemoExecution(plan.scripts[run.script]!, run, rng);
    if (onProgress && (i + 1) % every === 0 && i + 1 < total) onProgress(i + 1, total);
  }
}

/**
 * Writes a realistic, reproducible demo history to `path` (runner.py's schema, through
 * the {@link HistoryWriter}): several scripts over `days` days ending at `now`, with
 * lognormal noise, failures, retries, timeouts, outliers, one script that steps up 30 %,
 * one drifting slowly upward and one getting faster. The same seed and `now` give the
 * same rows.
 *
 * The file is written under a temporary name beside `path` and renamed over it at the
 * end, so a concurrent reader sees the old file or the whole new one, never half of one.
 * Whatever was at `path` is replaced; callers decide whether that is allowed.
 *
 * @throws RangeError for a bad option; {@link HistoryError} when the folder is not writable.
 */
export function generateDemoHistory(path: string, options: GenerateDemoOptions = {}): DemoSummary {
  const began = performance.now();
  const plan = planDemoRuns(options);
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}-${Date.now().toString(36)}.tmp`;
  try {
    const writer = HistoryWriter.open(temp);
    let counts;
    try {
      counts = writer.recordMany(executions(plan, options.onProgress), { batchSize: 5000 });
    } finally {
      writer.close();
    }
    markDemoDatabase(temp);
    // A journal left behind by a crashed writer of the old file would be replayed into the new one.
    rmSync(`${target}-journal`, { force: true });
    renameSync(temp, target);
    options.onProgress?.(plan.runs.length, plan.runs.length);
    const runs = plan.runs;
    return {
      path: target,
      executions: counts.executions,
      metrics: counts.metrics,
      scripts: plan.scripts.map((s) => s.path),
      days: options.days ?? 60,
      seed: plan.seed,
      first_start_time: runs.length ? formatLocalMicros(runs[0]!.startUs) : '',
      last_start_time: runs.length ? formatLocalMicros(runs[runs.length - 1]!.startUs) : '',
      step: plan.step
        ? {
            script_path: plan.step.scriptPath,
            start_time: formatLocalMicros(plan.step.startUs),
            run_index: plan.step.runIndex,
          }
        : null,
      elapsed_ms: Math.round(performance.now() - began),
    };
  } catch (err) {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    throw err;
  }
}
