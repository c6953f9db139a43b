import { randomUUID } from 'node:crypto';
import type {
  HistoryWriterLike,
  PruneResult,
  RecordManyOptions,
  RecordManyResult,
  RecordOutcome,
} from '../HistoryWriterLike.js';
import type { NewExecution } from '../../types.js';
import { validateNewExecution } from '../validateNewExecution.js';
import { isRetryableStatus, RemoteWriteError } from './RemoteWriteError.js';

/** Options of {@link RemoteHistoryWriter}. */
export interface RemoteWriterOptions {
  /** The server's ingest token (sent as `Authorization: Bearer`). */
  token: string;
  /** Longest wait for one request. Default 15000 ms. */
  timeoutMs?: number;
}

/** The path of the ingest route below the server's base URL. */
const INGEST_PATH = 'api/ingest/executions';

/** A copy of `run` with an idempotency key, so that sending it twice records it once. */
export function withIdempotencyKey(run: NewExecution): NewExecution {
  return run.idempotency_key === undefined ? { ...run, idempotency_key: randomUUID() } : run;
}

/**
 * Reads a server's base URL (`http://host:8000`, `https://host/prefix`), refusing anything
 * that is not http(s) or that carries credentials or a query.
 * @throws RangeError saying what to pass instead.
 */
export function normalizeServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`'${text}' is not a URL; pass the dashboard's address, e.g. http://dash.example:8000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(`'${text}' must be an http:// or https:// address of a runner-dash-server`);
  if (url.username || url.password || url.search || url.hash)
    throw new RangeError(
      `'${text}' must be a plain address (no user, password, query or #); pass the token with --token`,
    );
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * A history on a runner-dash-server, written through `POST /api/ingest/executions`: the
 * same interface as a local file or PostgreSQL, so the recorder does not care where runs
 * go. Every run is sent with an idempotency key (one is added when missing), so a retry
 * after a lost answer never records a run twice.
 *
 * Failures are {@link RemoteWriteError}s that say whether trying again later can help.
 */
export class RemoteHistoryWriter implements HistoryWriterLike {
  /** The server's base URL (never the token). */
  readonly location: string;
  private readonly endpoint: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(serverUrl: string, options: RemoteWriterOptions) {
    this.location = normalizeServerUrl(serverUrl);
    this.endpoint = new URL(INGEST_PATH, this.location).href;
    if (typeof options.token !== 'string' || options.token.trim() === '')
      throw new RangeError(`a token is needed to record to ${this.location}; pass --token or set RUNNER_DASH_TOKEN`);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async record(run: NewExecution): Promise<number> {
    return (await this.recordBatch([run]))[0]!.id;
  }

  async recordBatch(runs: readonly NewExecution[]): Promise<RecordOutcome[]> {
    if (this.closed) throw new RemoteWriteError(`the remote writer for ${this.location} was closed`, false);
    const keyed = runs.map(withIdempotencyKey);
    keyed.forEach((run) => validateNewExecution(run));
    if (keyed.length === 0) return [];
    const body = await this.post({ executions: keyed });
    const outcomes = (body as { executions?: unknown }).executions;
    if (
      !Array.isArray(outcomes) ||
      outcomes.length !== keyed.length ||
      !outcomes.every(
        (o: { id?: unknown; duplicate?: unknown }) => Number.isInteger(o?.id) && typeof o?.duplicate === 'boolean',
      )
    )
      throw new RemoteWriteError(
        `${this.location} answered the ingest request with something other than one {id, duplicate} per run; is it a runner-dash-server?`,
        true,
      );
    return outcomes as RecordOutcome[];
  }

  async recordMany(
    runs: Iterable<NewExecution> | AsyncIterable<NewExecution>,
    options: RecordManyOptions = {},
  ): Promise<RecordManyResult> {
    // Small requests: each batch must stay far below the server's 1 MB body limit.
    const batchSize = Math.min(options.batchSize ?? 100, 500);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`batchSize must be a positive integer (got ${options.batchSize})`);
    const result: RecordManyResult = { executions: 0, metrics: 0, alerts: 0, duplicates: 0 };
    let batch: NewExecution[] = [];
    const flush = async (): Promise<void> => {
      const outcomes = await this.recordBatch(batch);
      outcomes.forEach((outcome, i) => {
        if (outcome.duplicate) return void result.duplicates++;
        result.executions++;
        result.metrics += Object.keys(batch[i]!.metrics).length;
        result.alerts += batch[i]!.alerts?.length ?? 0;
      });
      batch = [];
    };
    for await (const run of runs) {
      batch.push(run);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return result;
  }

  async pruneOlderThan(): Promise<PruneResult> {
    throw new RemoteWriteError(
      `runs cannot be pruned through ${this.location}; run 'runner-dash prune --db …' on the server's own history`,
      false,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async post(payload: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (err as Error).name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs / 1000} s`
          : (cause?.code ?? cause?.message ?? (err as Error).message);
      throw new RemoteWriteError(
        `the runner-dash server at ${this.location} could not be reached (${why})`,
        true,
        undefined,
        {
          cause: err,
        },
      );
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const detail = (body as { detail?: unknown } | undefined)?.detail;
      throw new RemoteWriteError(
        `${this.location} refused the run (HTTP ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''})`,
        isRetryableStatus(response.status),
        response.status,
      );
    }
    if (body === undefined)
      throw new RemoteWriteError(
        `${this.location} answered the ingest request without JSON; is it a runner-dash-server?`,
        true,
      );
    return body;
  }
}
