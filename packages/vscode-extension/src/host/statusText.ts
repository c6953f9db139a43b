/** What the status bar item says about the active script. */
export interface StatusText {
  text: string;
  tooltip: string;
  /** The last run failed: the item turns red. */
  failed: boolean;
}

/** The facts the status bar item is made of. */
export interface ScriptStatus {
  script: string;
  runs: number;
  /** The newest run; absent when there is none. */
  last?: { success: boolean; timedOut: boolean; exitCode: number; seconds: number };
  /** Median duration over the window, seconds; absent without runs in it. */
  p50?: number;
  days: number;
}

/** A duration the way people read it in a status bar: `0.27 s`, `12.4 s`, `3 m 05 s`, `1 h 02 m`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} m ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} m`;
}

/**
 * The status bar text for a script: its last result and median duration, e.g.
 * `✓ 1.24 s p50`, or `✗ 0.10 s p50` in red after a failure.
 */
export function statusText(status: ScriptStatus): StatusText {
  const { last } = status;
  if (!last) {
    return {
      text: '$(history) no runs',
      tooltip: `Runner Dash: no recorded runs of ${status.script}. Click to open the view.`,
      failed: false,
    };
  }
  const mark = last.success ? '✓' : '✗';
  const median = status.p50 === undefined ? '' : ` ${formatSeconds(status.p50)} p50`;
  const outcome = last.success ? 'succeeded' : last.timedOut ? 'timed out' : `failed (exit code ${last.exitCode})`;
  const window =
    status.p50 === undefined
      ? `no runs in the last ${status.days} days`
      : `median ${formatSeconds(status.p50)} over the last ${status.days} days`;
  return {
    text: `${mark}${median}`,
    tooltip: `Runner Dash: ${status.script} — last run ${outcome} in ${formatSeconds(last.seconds)}; ${status.runs} run${status.runs === 1 ? '' : 's'} recorded, ${window}. Click to open the view.`,
    failed: !last.success,
  };
}
