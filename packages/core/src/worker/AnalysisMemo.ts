import { inProcessAnalyses, type HistoryAnalyses } from '../analysis/HistoryAnalyses.js';
import type { ChangeCursor, HistoryStore } from '../store/HistoryStore.js';
import { movingWindows, taskKey, type AnalysisTask, type TaskQuery, type TaskResult } from './analysisTasks.js';

interface Entry {
  generation: number;
  /** Runs inside each moving window when computed: the same count later means the same runs. */
  fingerprint: number[];
  value: unknown;
}

/** Options of {@link AnalysisMemo}. */
export interface AnalysisMemoOptions {
  /** How the answers are computed (default: in-process over the store). */
  analyses?: HistoryAnalyses;
  /** Answers kept, least recently used dropped first (default 256). */
  maxEntries?: number;
}

/**
 * Keeps analysis answers while the history is unchanged, so that a dashboard asking the
 * same heavy question every 30 seconds costs one computation per change, not one per ask.
 *
 * Validity, checked on every call: the store's change detection (`pollChanges`, one
 * pragma while nothing happened) clears everything after any commit; and an answer over
 * a moving "last N days" window is kept only while that window holds as many runs as it
 * did — without commits a window can only lose runs as they age out, so an equal count
 * means the very same runs.
 */
export class AnalysisMemo {
  private readonly analyses: HistoryAnalyses;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<unknown>>();
  private cursor: ChangeCursor | undefined;
  private generation = 0;
  private computed = 0;

  constructor(
    private readonly store: HistoryStore,
    options: AnalysisMemoOptions = {},
  ) {
    this.analyses = options.analyses ?? inProcessAnalyses(store);
    this.maxEntries = options.maxEntries ?? 256;
  }

  /** How many answers were computed rather than reused (for tests and diagnostics). */
  get computations(): number {
    return this.computed;
  }

  /** The answer of `task(query)`, reused when nothing it depends on has changed. */
  async run<K extends AnalysisTask>(task: K, query: TaskQuery<K>): Promise<TaskResult<K>> {
    await this.checkForCommits();
    const windows = movingWindows(task, query);
    const key = taskKey(task, query);
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation) {
      const now = await this.fingerprint(windows);
      if (now.every((count, i) => count === hit.fingerprint[i])) {
        this.entries.delete(key);
        this.entries.set(key, hit);
        return hit.value as TaskResult<K>;
      }
    }
    // Equal calls at the same generation share one computation.
    const runningKey = `${this.generation}\u0000${key}`;
    let pending = this.running.get(runningKey);
    if (!pending) {
      pending = this.compute(key, task, query, windows).finally(() => this.running.delete(runningKey));
      this.running.set(runningKey, pending);
    }
    return (await pending) as TaskResult<K>;
  }

  /** Forgets every answer (e.g. after the file was replaced). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private async compute(key: string, task: AnalysisTask, query: unknown, windows: number[]): Promise<unknown> {
    const generation = this.generation;
    // Counted before computing: if a run ages out meanwhile, the next call sees a smaller
    // count and computes again, rather than trusting an answer that still includes it.
    const fingerprint = await this.fingerprint(windows);
    const method = this.analyses[task] as (query: unknown) => Promise<unknown>;
    const value = await method.call(this.analyses, query);
    this.computed++;
    // A commit seen by another call meanwhile may or may not be in this answer: not kept.
    if (generation === this.generation) {
      this.entries.set(key, { generation, fingerprint, value });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  private async checkForCommits(): Promise<void> {
    const changes = await this.store.pollChanges(this.cursor);
    if (this.cursor !== undefined && changes.changed) this.clear();
    this.cursor = changes.cursor;
  }

  private fingerprint(windows: number[]): Promise<number[]> {
    return Promise.all(windows.map(async (days) => (await this.store.executionStatistics({ days })).total_executions));
  }
}
