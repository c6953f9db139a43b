import type { HistoryAnalyses, LocatedChangePoint, RegressionMessage } from '@runner-dash/core';

const PRIMARY_METRIC = 'execution_time_seconds';
const WINDOW_DAYS = 30;

/**
 * Turns new runs into `regression` messages: after runs of a script arrive, its primary
 * metric is analysed again and every confirmed change not seen before is announced once.
 * Changes that already existed when the server started are remembered, not announced.
 */
export class RegressionWatcher {
  private readonly seen = new Set<string>();

  constructor(
    /** Where the analyses run: the server's worker pool, so a commit never stalls the event loop. */
    private readonly analyses: Pick<HistoryAnalyses, 'analyzeTrend' | 'findRegressions'>,
    private readonly now: Date | string | undefined,
  ) {}

  /** Remembers the changes the history already has. */
  async seed(): Promise<void> {
    const known = await this.analyses.findRegressions({ metricName: PRIMARY_METRIC, days: WINDOW_DAYS, now: this.now });
    for (const entry of known)
      for (const point of entry.change_points)
        if (point.confidence === 'confirmed') this.seen.add(key(entry.script_path, point));
  }

  /** The messages for confirmed changes, not announced before, in these scripts' series. */
  async check(scriptPaths: string[]): Promise<RegressionMessage[]> {
    const messages: RegressionMessage[] = [];
    for (const scriptPath of scriptPaths) {
      const trend = await this.analyses.analyzeTrend({
        scriptPath,
        metricName: PRIMARY_METRIC,
        days: WINDOW_DAYS,
        now: this.now,
      });
      if ('error' in trend) continue;
      for (const point of trend.change_points) {
        if (point.confidence !== 'confirmed' || this.seen.has(key(scriptPath, point))) continue;
        this.seen.add(key(scriptPath, point));
        messages.push({
          type: 'regression',
          script_path: scriptPath,
          metric_name: PRIMARY_METRIC,
          change_point: point,
        });
      }
    }
    return messages;
  }
}

/** A change is the same change as long as it starts at the same run. */
function key(scriptPath: string, point: Pick<LocatedChangePoint, 'execution_id'>): string {
  return `${scriptPath}\u0000${point.execution_id}`;
}
