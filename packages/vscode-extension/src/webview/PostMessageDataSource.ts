import type {
  AggregatedByMetric,
  BaselineJson,
  DatabaseStats,
  DataSource,
  ExecutionDetail,
  ExecutionsQuery,
  ExecutionsResult,
  ExecutionStatistics,
  ExportedFile,
  Filters,
  LiveEvent,
  MetricHistory,
  ScriptSummary,
  TrendAnalysis,
} from '@runner-dash/webcomponents';
import {
  parseHostMessage,
  type ContextMessage,
  type DataMethod,
  type DataMethods,
  type RequestMessage,
  type WebviewMessage,
} from '../protocol.js';
import { HostRequestError } from './HostRequestError.js';

/** Options of {@link PostMessageDataSource}. */
export interface PostMessageDataSourceOptions {
  /** Sends a message to the extension host (`acquireVsCodeApi().postMessage`). */
  post(message: WebviewMessage): void;
  /** Give up on an answer after this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** Called with each context the host sends. */
  onContext?(message: ContextMessage): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(reason: HostRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The web components' {@link DataSource} inside a VS Code webview: every question is a
 * typed `request` to the extension host, which answers it from the history through core;
 * new runs arrive as `live` messages. Feed it the window's `message` events with
 * {@link receive}.
 */
export class PostMessageDataSource implements DataSource {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private lastUpdate: number | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly options: PostMessageDataSourceOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Handles a message from the host; anything that is not one of ours is ignored. */
  receive(raw: unknown): void {
    const message = parseHostMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'response': {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new HostRequestError(message.error.message, message.error.status));
        return;
      }
      case 'live':
        this.lastUpdate = Date.now();
        this.emit({ type: 'executions', executions: message.executions });
        return;
      case 'context':
        this.options.onContext?.(message);
        return;
    }
  }

  scripts(): Promise<ScriptSummary[]> {
    return this.request('scripts', {});
  }
  executions(query: ExecutionsQuery = {}): Promise<ExecutionsResult> {
    return this.request('executions', query);
  }
  execution(id: number): Promise<ExecutionDetail> {
    return this.request('execution', { id });
  }
  metricHistory(query: Filters & { limit?: number }): Promise<MetricHistory> {
    return this.request('metricHistory', query);
  }
  aggregated(query: Filters): Promise<AggregatedByMetric> {
    return this.request('aggregated', query);
  }
  availableMetrics(): Promise<string[]> {
    return this.request('availableMetrics', {});
  }
  trendAnalysis(query: Filters): Promise<TrendAnalysis> {
    return this.request('trendAnalysis', query);
  }
  baseline(query: Filters): Promise<BaselineJson> {
    return this.request('baseline', query);
  }
  databaseStats(): Promise<DatabaseStats> {
    return this.request('databaseStats', {});
  }
  executionStats(): Promise<ExecutionStatistics> {
    return this.request('executionStats', {});
  }

  /**
   * A webview cannot download files, so the host asks where to save and writes the CSV
   * itself; the file returned names where it went (its content stays on disk).
   */
  async exportCsv(query: Filters): Promise<ExportedFile> {
    const saved = await this.request('exportCsv', query);
    return { filename: saved.filename, blob: new Blob([], { type: 'text/csv' }) };
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    // The host is always there: the "connection" is up as soon as someone listens.
    queueMicrotask(() => {
      if (this.listeners.has(listener)) listener({ type: 'status', status: 'connected', last_update: this.lastUpdate });
    });
    return () => this.listeners.delete(listener);
  }

  /** Rejects every unanswered request (the view is going away). */
  dispose(): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new HostRequestError('The Runner Dash view was closed.', 0));
      this.pending.delete(id);
    }
    this.listeners.clear();
  }

  private request<M extends DataMethod>(
    method: M,
    params: DataMethods[M]['params'],
  ): Promise<DataMethods[M]['result']> {
    const id = this.nextId++;
    // Undefined fields do not survive structured cloning anyway; dropping them keeps the check strict.
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostRequestError(`The extension host did not answer ${method} in time.`, 0));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.options.post({ type: 'request', id, method, params: clean } as RequestMessage);
    });
  }

  private emit(event: LiveEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
