import type { ExecutionRow, ExecutionSummary } from '../../types.js';

/** The columns of an executions row, in the order the SQL below selects them. */
export const EXECUTION_COLUMNS =
  'id, script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success, attempt_number, ' +
  'timeout_seconds, timed_out, stdout_lines, stderr_lines, python_version, platform, created_at';

/** The columns behind {@link ExecutionSummary}. */
export const SUMMARY_COLUMNS =
  'id, script_path, exit_code, stdout_lines, stderr_lines, created_at, success, execution_time_seconds, attempt_number, timed_out';

type Raw = Record<string, unknown>;

// SQLite stores BOOLEAN as an integer (runner.py writes 0/1); some tools write 'True'.
const bool = (v: unknown): boolean => v === 1 || v === true || v === '1' || v === 'True' || v === 'true';
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Maps a row selected with {@link EXECUTION_COLUMNS}. */
export function toExecutionRow(r: Raw): ExecutionRow {
  return {
    id: Number(r.id),
    script_path: String(r.script_path),
    script_args: r.script_args === null || r.script_args === undefined ? null : String(r.script_args),
    start_time: String(r.start_time),
    end_time: String(r.end_time),
    execution_time_seconds: Number(r.execution_time_seconds),
    exit_code: Number(r.exit_code),
    success: bool(r.success),
    attempt_number: r.attempt_number === null || r.attempt_number === undefined ? 1 : Number(r.attempt_number),
    timeout_seconds: intOrNull(r.timeout_seconds),
    timed_out: bool(r.timed_out),
    stdout_lines: intOrNull(r.stdout_lines),
    stderr_lines: intOrNull(r.stderr_lines),
    python_version: r.python_version === null || r.python_version === undefined ? null : String(r.python_version),
    platform: r.platform === null || r.platform === undefined ? null : String(r.platform),
    created_at: String(r.created_at ?? ''),
  };
}

/** Maps a row selected with {@link SUMMARY_COLUMNS}. */
export function toExecutionSummary(r: Raw): ExecutionSummary {
  return {
    id: Number(r.id),
    script_path: String(r.script_path),
    exit_code: Number(r.exit_code),
    stdout_lines: intOrNull(r.stdout_lines),
    stderr_lines: intOrNull(r.stderr_lines),
    timestamp: String(r.created_at ?? ''),
    success: bool(r.success),
    execution_time_seconds: Number(r.execution_time_seconds),
    attempt_number: r.attempt_number === null || r.attempt_number === undefined ? 1 : Number(r.attempt_number),
    timed_out: bool(r.timed_out),
  };
}

/** Rounds like the API promises for percentages (two decimals). */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
