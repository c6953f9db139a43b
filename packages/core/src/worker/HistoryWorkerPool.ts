import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HistoryAnalyses } from '../analysis/HistoryAnalyses.js';
import { HistoryError } from '../errors.js';
import type { CsvExportOptions } from '../export/exportCsv.js';
import type { ExportQuery } from '../store/HistoryStore.js';
import type { OpenHistoryOptions } from '../store/openHistory.js';
import { taskKey, type AnalysisRequest, type AnalysisTask, type TaskQuery, type TaskResult } from './analysisTasks.js';
import {
  fromWireError,
  type StreamChunk,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSetup,
} from './workerProtocol.js';

// Resolved beside this module: dist/worker/historyWorker.js once built; under the
// development condition tsx maps it to the .ts source (workers inherit --import tsx).
const WORKER_URL = new URL('./historyWorker.js', import.meta.url);
const YOUNG_GENERATION_MB = 4;

/** Options of {@link HistoryWorkerPool}. */
export interface HistoryWorkerPoolOptions {
  /** Worker threads (default: one per spare core, at least 1, at most 2). */
  size?: number;
  /** How each worker opens the history (always read-only). */
  open?: Omit<OpenHistoryOptions, 'readonly'>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** One worker thread, started on first use and again after it died. */
class WorkerSlot {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly setup: WorkerSetup) {}

  call(id: number, task: AnalysisTask, query: unknown): Promise<unknown> {
    return this.request(id, { type: 'task', id, task, query });
  }

  /** The next chunk of export `stream` (opened by the first pull). */
  pull(id: number, stream: number, query: unknown, options: unknown): Promise<StreamChunk> {
    return this.request(id, { type: 'pull', id, stream, query, options }) as Promise<StreamChunk>;
  }

  /** Ends export `stream` early (its reader went away). */
  cancel(stream: number): void {
    this.worker?.postMessage({ type: 'cancel', stream } satisfies WorkerRequest);
  }

  private request(id: number, message: WorkerRequest): Promise<unknown> {
    const worker = (this.worker ??= this.spawn());
    // An idle worker must not keep the process alive; a busy one must.
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new HistoryError('closed', this.setup.path, `${this.setup.path}: the history store was closed.`));
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Let it close its connection; a worker stuck in a long read is stopped anyway.
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    const force = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(force);
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, {
      workerData: this.setup satisfies WorkerSetup,
      // Aggregating 500k rows makes short-lived garbage by the megabyte; a small young
      // generation collects it more often instead of growing (and keeping) ~30 MB more
      // resident memory per worker, for a few percent of speed.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(fromWireError(reply.error));
    });
    worker.on('error', (err) => this.died(worker, err.message));
    worker.on('exit', (code) => this.died(worker, `exit code ${code}`));
    return worker;
  }

  private died(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(
      new HistoryError(
        'unreadable',
        this.setup.path,
        `the worker reading ${this.setup.path} stopped (${reason}); the next request starts a new one.`,
      ),
    );
  }

  private failAll(err: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

/**
 * {@link HistoryAnalyses} answered by worker threads, each with its own read-only
 * connection and its own memo of answers (valid until the next commit): better-sqlite3 is
 * synchronous, and aggregating a million metric rows would otherwise hold the caller's
 * event loop for half a second. Equal calls always go to the same worker, so they share
 * its memo. Errors arrive as the same classes as in-process (`HistoryError`, `RangeError`).
 */
export class HistoryWorkerPool implements HistoryAnalyses {
  private readonly slots: WorkerSlot[];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly location: string,
    options: HistoryWorkerPoolOptions = {},
  ) {
    const size = Math.max(1, Math.trunc(options.size ?? Math.min(2, availableParallelism() - 1)));
    this.slots = Array.from({ length: size }, () => new WorkerSlot({ path: location, open: options.open ?? {} }));
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  aggregateMetrics(query: TaskQuery<'aggregateMetrics'> = {}): Promise<TaskResult<'aggregateMetrics'>> {
    return this.run('aggregateMetrics', query);
  }
  analyzeTrend(query: TaskQuery<'analyzeTrend'>): Promise<TaskResult<'analyzeTrend'>> {
    return this.run('analyzeTrend', query);
  }
  computeBaseline(query: TaskQuery<'computeBaseline'>): Promise<TaskResult<'computeBaseline'>> {
    return this.run('computeBaseline', query);
  }
  findRegressions(query: TaskQuery<'findRegressions'> = {}): Promise<TaskResult<'findRegressions'>> {
    return this.run('findRegressions', query);
  }
  databaseStats(): Promise<TaskResult<'databaseStats'>> {
    return this.run('databaseStats', undefined);
  }
  executionStatistics(query: TaskQuery<'executionStatistics'> = {}): Promise<TaskResult<'executionStatistics'>> {
    return this.run('executionStatistics', query);
  }
  performanceStats(query: TaskQuery<'performanceStats'>): Promise<TaskResult<'performanceStats'>> {
    return this.run('performanceStats', query);
  }

  /**
   * The CSV export, produced in a worker (its pages read and its rows formatted there) and
   * pulled one chunk at a time, so an export of everything leaves the caller's event loop
   * free and never runs ahead of a slow reader. Ending the iteration early stops it.
   */
  exportCsv(query: ExportQuery = {}, options: CsvExportOptions = {}): AsyncIterable<string> {
    return this.stream(query, options);
  }

  /** Any task by name. */
  run<K extends AnalysisTask>(task: K, query: TaskQuery<K>): Promise<TaskResult<K>> {
    if (this.closed)
      return Promise.reject(
        new HistoryError('closed', this.location, `${this.location}: the history store was closed.`),
      );
    const key = taskKey(task, query);
    return this.slots[hash(key) % this.slots.length]!.call(this.nextId++, task, query) as Promise<TaskResult<K>>;
  }

  /**
   * Computes these answers now so that the first request for them is served from the
   * workers' memo; failures are left for that request to report.
   */
  async warm(requests: readonly AnalysisRequest[]): Promise<void> {
    await Promise.allSettled(requests.map((r) => this.run(r.task, r.query as never)));
  }

  private async *stream(query: ExportQuery, options: CsvExportOptions): AsyncGenerator<string> {
    if (this.closed) throw new HistoryError('closed', this.location, `${this.location}: the history store was closed.`);
    const stream = this.nextId++;
    const slot = this.slots[stream % this.slots.length]!;
    let finished = false;
    try {
      for (;;) {
        const next = await slot.pull(this.nextId++, stream, query, options).catch((err: unknown) => {
          finished = true; // the worker dropped the stream when it failed
          throw err;
        });
        if (next.done) {
          finished = true;
          return;
        }
        yield next.chunk!;
      }
    } finally {
      if (!finished) slot.cancel(stream);
    }
  }

  /** Stops the workers (their connections closed); calls still waiting are rejected as `closed`. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.close()));
  }
}

/** FNV-1a: a cheap, stable spread of keys over the workers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
