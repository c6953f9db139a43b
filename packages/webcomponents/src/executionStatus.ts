/** The badge a run gets in tables and details. */
export interface ExecutionStatus {
  /** CSS class of the badge: ok, failed, timeout or retried. */
  kind: 'ok' | 'failed' | 'timeout' | 'retried';
  label: string;
}

/**
 * How a run ended, in one word: a timeout beats a failure, and a success on a later
 * attempt is "retried" so flaky scripts stand out even when they end well.
 */
export function executionStatus(run: {
  success: boolean;
  timed_out: boolean;
  attempt_number: number;
  exit_code: number;
}): ExecutionStatus {
  if (run.timed_out) return { kind: 'timeout', label: 'timed out' };
  if (!run.success) return { kind: 'failed', label: `failed (${run.exit_code})` };
  if (run.attempt_number > 1) return { kind: 'retried', label: `ok on attempt ${run.attempt_number}` };
  return { kind: 'ok', label: 'ok' };
}
