import type {
  AggregatedByMetric,
  BaselineJson,
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  LiveEvent,
  LiveStatus,
  MetricHistory,
  ScriptSummary,
  TrendAnalysis,
} from './apiTypes.js';
import type { DataSource, ExecutionsQuery, ExecutionsResult, ExportedFile, Filters } from './DataSource.js';
import { DataSourceError } from './DataSourceError.js';
import { LiveSocket } from './LiveSocket.js';

/** Options of {@link HttpDataSource}. */
export interface HttpDataSourceOptions {
  /**
   * The server's base URL (`http://host:8000`, `http://host/prefix/`). Relative URLs are
   * resolved against the page, so the default `.` follows a reverse proxy's base path.
   */
  baseUrl?: string;
  /** Bearer token, when the server was started with one. */
  token?: string;
  /** Give up on a request after this long (ms). */
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

/**
 * The {@link DataSource} of a page talking to `runner-dash-server`: REST for questions,
 * the `/ws/metrics` feed (reconnecting with backoff) for live updates.
 */
export class HttpDataSource implements DataSource {
  /** Normalised base URL, always ending in `/`. */
  readonly baseUrl: string;
  private token: string | undefined;
  private readonly timeoutMs: number;
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private socket: LiveSocket | undefined;
  private status: LiveStatus = 'connecting';
  private lastUpdate: number | null = null;

  constructor(options: HttpDataSourceOptions = {}) {
    const pageUrl = typeof location === 'undefined' ? undefined : location.href;
    const base = new URL(options.baseUrl || '.', pageUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.search = '';
    base.hash = '';
    this.baseUrl = base.href;
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Uses another token from now on (and reconnects the live feed with it). */
  setToken(token: string | undefined): void {
    this.token = token || undefined;
    if (this.socket) {
      this.socket.stop();
      this.socket = undefined;
      this.openSocket();
    }
  }

  scripts(): Promise<ScriptSummary[]> {
    return this.getJson('api/scripts');
  }

  async executions(query: ExecutionsQuery = {}): Promise<ExecutionsResult> {
    const response = await this.request('api/executions', {
      script_path: query.script || undefined,
      exit_code: query.exitCode,
      limit: query.limit,
      offset: query.offset,
    });
    const rows = (await readJson(response)) as ExecutionSummary[];
    // Cross-origin pages only see the header when the server exposes it.
    const header = Number(response.headers.get('X-Total-Count'));
    return { rows, total: Number.isFinite(header) && header > 0 ? header : rows.length };
  }

  execution(id: number): Promise<ExecutionDetail> {
    return this.getJson(`api/execution/${encodeURIComponent(String(id))}`);
  }

  metricHistory(query: Filters & { limit?: number }): Promise<MetricHistory> {
    return this.getJson('api/metrics/history', { ...filterParams(query), limit: query.limit });
  }

  aggregated(query: Filters): Promise<AggregatedByMetric> {
    return this.getJson('api/metrics/aggregated', filterParams(query));
  }

  async availableMetrics(): Promise<string[]> {
    const body = await this.getJson<{ available_metrics: string[] }>('api/metrics/available');
    return body.available_metrics;
  }

  trendAnalysis(query: Filters): Promise<TrendAnalysis> {
    return this.getJson('api/analysis/trend', filterParams(query));
  }

  baseline(query: Filters): Promise<BaselineJson> {
    return this.getJson('api/analysis/baseline', { ...filterParams(query), method: 'intelligent' });
  }

  databaseStats(): Promise<DatabaseStats> {
    return this.getJson('api/stats/database');
  }

  executionStats(): Promise<ExecutionStatistics> {
    return this.getJson('api/stats/execution');
  }

  async exportCsv(query: Filters): Promise<ExportedFile> {
    const response = await this.request('api/export/csv', filterParams(query));
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const filename = match?.[1] ? decodeURIComponent(match[1]) : 'runner-dash-export.csv';
    return { filename, blob: await response.blob() };
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.socket) this.openSocket();
    const current: LiveEvent = { type: 'status', status: this.status, last_update: this.lastUpdate };
    queueMicrotask(() => {
      if (this.listeners.has(listener)) listener(current);
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.socket) {
        this.socket.stop();
        this.socket = undefined;
        this.status = 'connecting';
      }
    };
  }

  /** The URL of an API path with its query (token not included). */
  url(path: string, query: Query = {}): string {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url.href;
  }

  private openSocket(): void {
    const url = new URL('ws/metrics', this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.token) url.searchParams.set('token', this.token);
    this.socket = new LiveSocket({
      url: url.href,
      onMessage: (message) => {
        this.lastUpdate = Date.now();
        this.emit(message);
      },
      onStatus: (status) => {
        this.status = status;
        this.emit({ type: 'status', status, last_update: this.lastUpdate });
      },
    });
    this.socket.start();
  }

  private emit(event: LiveEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private async getJson<T>(path: string, query: Query = {}): Promise<T> {
    return (await readJson(await this.request(path, query))) as T;
  }

  private async request(path: string, query: Query = {}): Promise<Response> {
    const url = this.url(path, query);
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : 'connection failed';
      throw new DataSourceError(
        `Cannot reach the runner-dash server at ${this.baseUrl} (${why}). Check that it is running.`,
        0,
        { cause: err },
      );
    }
    if (response.ok) return response;
    throw new DataSourceError(await describeFailure(response, path), response.status);
  }
}

function filterParams(filters: Filters): Query {
  return { script_path: filters.script || undefined, metric_name: filters.metric, days: filters.days };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (err) {
    throw new DataSourceError(`The server sent an unreadable answer for ${response.url}.`, response.status, {
      cause: err,
    });
  }
}

async function describeFailure(response: Response, path: string): Promise<string> {
  if (response.status === 401) return 'This runner-dash server needs an access token (the one it was started with).';
  let detail = '';
  try {
    const body = (await response.json()) as { detail?: unknown };
    if (typeof body.detail === 'string') detail = body.detail;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  return detail || `The server answered ${response.status} ${response.statusText} for /${path}.`;
}
