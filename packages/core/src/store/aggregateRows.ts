import type { ExecutionStatistics, ScriptSummary } from '../types.js';
import type { ScriptRunSummary } from './HistoryStore.js';
import { round2 } from './sqlite/rowMapping.js';

// The SQLite and PostgreSQL stores run different SQL for their per-script and per-window
// aggregates but select the same columns; shaping those rows into the API's types lives here
// once, so the two back ends cannot drift apart in what they answer.

/** A row of the per-script run-count query (`path`, `execution_count`, `successful_runs`, `last_execution`). */
export function toScriptSummary(r: Omit<ScriptSummary, 'success_rate'>): ScriptSummary {
  return {
    path: r.path,
    execution_count: r.execution_count,
    successful_runs: r.successful_runs,
    success_rate: r.execution_count ? round2((r.successful_runs / r.execution_count) * 100) : 0,
    last_execution: r.last_execution,
  };
}

/**
 * A row of the grouped run-summary pass: outcome counts, `duration_sum`, one `b<i>` column
 * per bucket bound, `last_start_time` and `last_duration`. Drivers may hand counts back as
 * strings (PostgreSQL's bigint), hence the conversions.
 */
export function toScriptRunSummary(r: Record<string, number | string>, bucketCount: number): ScriptRunSummary {
  const runs = Number(r.runs);
  const successes = Number(r.successes);
  const timeouts = Number(r.timeouts);
  return {
    script_path: String(r.script_path),
    successes,
    failures: runs - successes - timeouts,
    timeouts,
    duration_sum: Number(r.duration_sum),
    bucket_counts: Array.from({ length: bucketCount }, (_, i) => Number(r[`b${i}`] ?? 0)),
    last_start_time: String(r.last_start_time),
    last_duration_seconds: Number(r.last_duration),
  };
}

/** The window's `total`, `ok` (successful) and `timed_out` counts. */
export function toExecutionStatistics(r: { total: number; ok: number; timed_out: number }): ExecutionStatistics {
  return {
    total_executions: r.total,
    successful: r.ok,
    failed: r.total - r.ok,
    timed_out: r.timed_out,
    success_rate: r.total ? round2((r.ok / r.total) * 100) : 0,
  };
}
