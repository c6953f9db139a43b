import type { AnalysisRequest, HistoryWorkerPool } from '@runner-dash/core';

/**
 * The heavy questions a dashboard asks as it opens (its default 7-day view, the 30-day
 * view design.md §7 measures, the snapshot's counts), in the very shape the routes ask
 * them, so that the answers computed ahead are found by the requests. With `script` (the
 * most recently run one), also its 7-day trend and baseline as the analysis panel asks
 * them: besides those answers, this compiles the analyses in the worker, so the first
 * analysis of any other series does not pay for the JIT either.
 */
export function dashboardQuestions(now: Date | string | undefined, script?: string): AnalysisRequest[] {
  const metricName = 'execution_time_seconds';
  const questions: AnalysisRequest[] = [
    { task: 'aggregateMetrics', query: { days: 7, now } },
    { task: 'aggregateMetrics', query: { days: 30, now } },
    { task: 'findRegressions', query: { metricName, days: 30, now } },
    { task: 'databaseStats', query: undefined },
    { task: 'executionStatistics', query: { now } },
    { task: 'performanceStats', query: { metricName, now } },
  ];
  if (script !== undefined)
    questions.push(
      { task: 'analyzeTrend', query: { scriptPath: script, metricName, days: 7, now } },
      {
        task: 'computeBaseline',
        query: { scriptPath: script, metricName, method: 'intelligent', percentile: 50, days: 7, now },
      },
    );
  return questions;
}

/** Options of {@link AnswerWarmer}. */
export interface AnswerWarmerOptions {
  pool: Pick<HistoryWorkerPool, 'warm'>;
  questions: AnalysisRequest[];
  /** Changes whenever the history was committed to (the live hub's poll count). */
  generation: () => number;
  /** How often the generation is looked at (default 1000 ms). */
  checkEveryMs?: number;
  /** At most one warm-up per this interval, however often runs arrive (default 5000 ms). */
  minIntervalMs?: number;
}

/**
 * Computes the dashboard's questions in the worker pool before the server says it is
 * ready, and again in the background after the history changed — at most once per
 * `minIntervalMs`, so a history written to every 250 ms costs a bounded share of a core.
 */
export class AnswerWarmer {
  private timer: NodeJS.Timeout | undefined;
  private warmedAt = 0;
  private warmedGeneration: number | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: AnswerWarmerOptions) {}

  /** Warms once now (resolves when done) and starts watching for changes. */
  async start(): Promise<void> {
    await this.warm();
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  /** Stops watching; resolves once a warm-up under way has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private check(): void {
    if (this.running || this.options.generation() === this.warmedGeneration) return;
    if (Date.now() - this.warmedAt < (this.options.minIntervalMs ?? 5000)) return;
    void this.warm();
  }

  private warm(): Promise<void> {
    this.warmedGeneration = this.options.generation();
    this.warmedAt = Date.now();
    this.running = this.options.pool.warm(this.options.questions).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
