import type { HistoryAnalyses } from '../analysis/HistoryAnalyses.js';

/** The name of one {@link HistoryAnalyses} method that answers once (the export streams). */
export type AnalysisTask = Exclude<keyof HistoryAnalyses, 'exportCsv'>;
/** The argument of that method. */
export type TaskQuery<K extends AnalysisTask> = Parameters<HistoryAnalyses[K]>[0];
/** What that method resolves with. */
export type TaskResult<K extends AnalysisTask> = Awaited<ReturnType<HistoryAnalyses[K]>>;
/** One call, as data (for warming a cache, or sending to a worker). */
export type AnalysisRequest = { [K in AnalysisTask]: { task: K; query: TaskQuery<K> } }[AnalysisTask];

/** Every task name, for checking what arrives over a message port. */
export const ANALYSIS_TASKS: readonly AnalysisTask[] = [
  'aggregateMetrics',
  'analyzeTrend',
  'computeBaseline',
  'findRegressions',
  'databaseStats',
  'executionStatistics',
  'performanceStats',
];

/** A key that is equal for equal calls (a pinned `now` Date serializes as its ISO text). */
export function taskKey(task: AnalysisTask, query: unknown): string {
  return `${task}\u0000${JSON.stringify(query ?? null)}`;
}

/**
 * The "last N days" windows a task's answer depends on while the clock runs: such an
 * answer can change without any commit, when a run ages out of the window. None when
 * `now` is pinned or the task has no window. The defaults mirror those of the analyses
 * (30 days; the time-based baseline compares 7 with 30).
 */
export function movingWindows(task: AnalysisTask, query: unknown): number[] {
  const q = (query ?? {}) as { days?: number; now?: unknown; method?: unknown };
  if (q.now !== undefined) return [];
  switch (task) {
    case 'databaseStats':
      return [];
    case 'analyzeTrend':
    case 'findRegressions':
      return [q.days ?? 30];
    case 'computeBaseline':
      return q.method === 'time-based' ? [7, 30] : [q.days ?? 30];
    default:
      return q.days === undefined ? [] : [q.days];
  }
}
