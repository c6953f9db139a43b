import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isHistoryError } from '@runner-dash/core';
import type { ChangeCursor, HistoryStore, LiveMessage, RegressionMessage } from '@runner-dash/core';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Logger } from '../Logger.js';
import { bearerToken, queryToken, type TokenCheck } from '../TokenCheck.js';
import { toLocalIso } from '../time.js';
import type { RegressionWatcher } from './RegressionWatcher.js';
import { SnapshotSource, type SnapshotStats } from './SnapshotSource.js';

/** Options of {@link LiveHub}. */
export interface LiveHubOptions {
  store: HistoryStore;
  /** Where snapshots' counts are computed (the worker pool, off the event loop); default `store`. */
  stats?: SnapshotStats;
  /** The WebSocket's path, base path included (e.g. `/ws/metrics`). */
  path: string;
  tokenCheck?: TokenCheck;
  /** How often every client gets a `snapshot` (default 2000 ms). */
  snapshotIntervalMs?: number;
  /** How often the database is asked for new runs (default 200 ms, at most 250). */
  pollIntervalMs?: number;
  /** How often dead connections are looked for with a ping (default 30 s). */
  heartbeatMs?: number;
  /** A client whose unsent data passes this is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Inbound messages above this close the connection with 1009 (default 4 KiB). */
  maxMessageBytes?: number;
  regressions?: RegressionWatcher;
  /** Also told of every `regression` message broadcast (the webhook); must return at once. */
  onRegression?: (message: RegressionMessage) => void;
  log: Logger;
}

const GOING_AWAY = 1001;

/**
 * The live feed on `/ws/metrics`: one change-detection poll and one snapshot computation
 * serve every connected client; each message is serialized once and sent to all.
 */
export class LiveHub {
  private readonly wss: WebSocketServer;
  private readonly snapshots: SnapshotSource;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly timers: NodeJS.Timeout[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private cursor: ChangeCursor | undefined;
  private closed = false;
  private lastPollError: string | undefined;
  private changes = 0;
  private readonly options: Required<Omit<LiveHubOptions, 'tokenCheck' | 'regressions' | 'onRegression' | 'stats'>> &
    Pick<LiveHubOptions, 'tokenCheck' | 'regressions' | 'onRegression' | 'stats'>;

  constructor(options: LiveHubOptions) {
    this.options = {
      ...options,
      // `??`, not defaults overwritten by a spread: an option handed on as undefined (startServer
      // does) must get its default, not turn a 2 s interval into setInterval's 1 ms.
      snapshotIntervalMs: options.snapshotIntervalMs ?? 2000,
      pollIntervalMs: options.pollIntervalMs ?? 200,
      heartbeatMs: options.heartbeatMs ?? 30_000,
      maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
      maxMessageBytes: options.maxMessageBytes ?? 4096,
    };
    this.options.pollIntervalMs = Math.min(Math.max(this.options.pollIntervalMs, 10), 250);
    this.snapshots = new SnapshotSource(options.stats ?? options.store);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxMessageBytes,
      perMessageDeflate: false,
    });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Counts the polls that saw a commit: equal numbers mean an unchanged history. */
  get generation(): number {
    return this.changes;
  }

  /** Connected clients. */
  get clientCount(): number {
    return this.wss.clients.size;
  }

  /** Reads the current position in the history and starts the poll, snapshot and heartbeat timers. */
  async start(): Promise<void> {
    this.cursor = (await this.options.store.pollChanges()).cursor;
    await this.options.regressions?.seed();
    this.schedulePoll();
    this.timers.push(setInterval(() => void this.broadcastSnapshot(), this.options.snapshotIntervalMs));
    this.timers.push(setInterval(() => this.heartbeat(), this.options.heartbeatMs));
    for (const timer of this.timers) timer.unref();
  }

  /**
   * Takes over an HTTP upgrade request. Answers 404 for other paths and 401 without the
   * token (header or `?token=`, since browsers cannot set headers on a WebSocket).
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (this.closed || pathname !== this.options.path) return reject(socket, 404, 'no WebSocket here; use ws/metrics');
    const check = this.options.tokenCheck;
    if (check && !check(bearerToken(req.headers.authorization)) && !check(queryToken(req)))
      return reject(socket, 401, 'this dashboard needs a token: connect with ?token=<token>');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Closes every client with "going away" and stops the timers. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    for (const timer of this.timers) clearInterval(timer);
    const clients = [...this.wss.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const force = setTimeout(() => ws.terminate(), 1000);
            ws.once('close', () => {
              clearTimeout(force);
              resolve();
            });
            ws.close(GOING_AWAY, 'server shutting down');
          }),
      ),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.alive.set(ws, true);
    let warned = false;
    ws.on('pong', () => this.alive.set(ws, true));
    // Oversized frames and protocol errors end up here; ws closes the connection itself.
    ws.on('error', (err) => this.options.log.warn(`runner-dash-server: WebSocket client dropped: ${err.message}`));
    ws.on('message', (data, isBinary) => {
      const message = parse(data, isBinary);
      if (message?.type === 'ping') {
        this.send(ws, JSON.stringify({ type: 'pong', timestamp: toLocalIso(new Date()) } satisfies LiveMessage));
      } else if (!warned) {
        // Once per connection: a misbehaving client must not be able to flood the log.
        warned = true;
        this.options.log.warn('runner-dash-server: ignored a WebSocket message that is not {"type":"ping"}');
      }
    });
    this.snapshots.current().then(
      (snapshot) => this.send(ws, JSON.stringify(snapshot)),
      (err: unknown) => this.options.log.warn(`runner-dash-server: no snapshot for a new client: ${String(err)}`),
    );
  }

  /** Sends unless the client has fallen too far behind, in which case it is cut off. */
  private send(ws: WebSocket, data: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.log.warn('runner-dash-server: dropped a WebSocket client that stopped reading');
      ws.terminate();
      return;
    }
    ws.send(data);
  }

  private broadcast(message: LiveMessage): void {
    if (this.wss.clients.size === 0) return;
    const data = JSON.stringify(message);
    for (const ws of this.wss.clients) this.send(ws, data);
  }

  private async broadcastSnapshot(): Promise<void> {
    if (this.wss.clients.size === 0) return;
    try {
      this.broadcast(await this.snapshots.refresh());
    } catch (err) {
      this.options.log.warn(`runner-dash-server: snapshot failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private schedulePoll(): void {
    if (this.closed) return;
    this.pollTimer = setTimeout(() => void this.poll().finally(() => this.schedulePoll()), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    try {
      const changes = await this.options.store.pollChanges(this.cursor);
      this.cursor = changes.cursor;
      if (this.lastPollError !== undefined) {
        this.options.log.info('runner-dash-server: the database answers again');
        // What was cached before the failure may describe a file that is no longer there.
        this.changes++;
      }
      this.lastPollError = undefined;
      if (changes.changed) {
        this.changes++;
        this.snapshots.invalidate();
      }
      if (changes.reset) return await this.historyReplaced();
      if (changes.executions.length === 0) return;
      this.broadcast({ type: 'executions', executions: changes.executions });
      const paths = [...new Set(changes.executions.map((e) => e.script_path))];
      for (const message of (await this.options.regressions?.check(paths)) ?? []) {
        this.broadcast(message);
        this.options.onRegression?.(message);
      }
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      // Logged when it starts failing, not every 200 ms while it stays broken.
      if (text !== this.lastPollError) {
        this.options.log.warn(`runner-dash-server: change detection failed: ${text}`);
        // A file that is gone or no longer a history must not be answered from the response
        // cache; a lock held by a writer is only a wait and leaves the cache valid.
        if (!(isHistoryError(err) && err.code === 'busy')) this.changes++;
      }
      this.lastPollError = text;
    }
  }

  /** The file now holds another history: every client gets its snapshot now, and the changes it already has are not news. */
  private async historyReplaced(): Promise<void> {
    this.options.log.info('runner-dash-server: the database file now holds another history; reading that one');
    await this.options.regressions?.seed();
    this.broadcast(await this.snapshots.refresh());
  }

  private heartbeat(): void {
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }
}

/** A client message, or undefined when it is not JSON with a `type`. */
function parse(data: RawData, isBinary: boolean): { type?: unknown } | undefined {
  if (isBinary) return undefined;
  try {
    const value: unknown = JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString());
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { type?: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}

/** Ends an upgrade request that is not for us with a small HTTP answer. */
function reject(socket: Duplex, status: 401 | 404, detail: string): void {
  const body = JSON.stringify({ detail });
  const reason = status === 401 ? 'Unauthorized' : 'Not Found';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
