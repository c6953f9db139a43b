import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openHistory, openHistoryWriter, type HistoryWriterLike } from '@runner-dash/core';
import { HistoryWorkerPool } from '@runner-dash/core';
import { createApp } from './app.js';
import { AnswerWarmer, dashboardQuestions } from './AnswerWarmer.js';
import { LiveHub } from './live/LiveHub.js';
import { RegressionWatcher } from './live/RegressionWatcher.js';
import { WebhookNotifier, type WebhookDeliveryOptions } from './live/WebhookNotifier.js';
import { consoleLogger, type Logger } from './Logger.js';
import { normalizeBasePath } from './middleware/basePath.js';
import { createTokenCheck } from './TokenCheck.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The history database to read (never written). */
  dbPath: string;
  /** Interface to listen on (default 127.0.0.1, loopback only). */
  host?: string;
  /** Port (default 8000; 0 picks a free one, for tests). */
  port?: number;
  /** When set, API calls and the WebSocket need this token. */
  token?: string;
  /** Worker threads for the heavy requests (default: one per spare core, 1–2). */
  workers?: number;
  /** Origins allowed by CORS; absent or empty means `*` without credentials. */
  corsOrigins?: readonly string[];
  /** Serve everything under this prefix, e.g. `/runner-dash`. */
  basePath?: string;
  /** How often WebSocket clients get a snapshot (default 2000 ms). */
  snapshotIntervalMs?: number;
  /** How often the database is checked for new runs (default 200 ms, at most 250). */
  pollIntervalMs?: number;
  /** Pinned "now" for time windows (tests); the current time when absent. */
  now?: Date | string;
  /** How long a read waits for another process's write lock before answering 503 (default 5000 ms). */
  busyWaitMs?: number;
  /** A WebSocket client with more unsent data than this is dropped (default 1 MiB). */
  wsMaxBufferedBytes?: number;
  /** POST every `regression` live message as JSON to this http(s) URL. */
  notifyWebhook?: string;
  /** Retries, queue and timeout of the webhook (defaults: 5 tries from 1 s, 100 queued, 10 s). */
  webhookDelivery?: WebhookDeliveryOptions;
  /** Scripts `/metrics` reports by name (most recently run); the rest become `script="other"`. Default 100. */
  metricsMaxScripts?: number;
  /**
   * Accept runs on `POST /api/ingest/executions`: opens a writer on the same history beside
   * the read-only store. Needs `token` (ingest never takes anonymous writes).
   */
  ingest?: boolean;
  log?: Logger;
}

/** A listening server. */
export interface RunningServer {
  /** Where the dashboard is, base path included, with a trailing slash. */
  url: string;
  port: number;
  /** Stops accepting, closes WebSockets with "going away", closes the database. */
  close(): Promise<void>;
}

/** The port is taken: `startServer` rejects with this so the CLI can say so plainly. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use; stop the other server or choose another port with --port`);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Opens the history read-only, starts the REST API and the WebSocket feed on one HTTP
 * server and resolves once it listens.
 *
 * @throws {@link HistoryError} when the database is missing or not a history,
 * {@link PortInUseError} when the port is taken.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? consoleLogger;
  const host = options.host ?? '127.0.0.1';
  const prefix = normalizeBasePath(options.basePath);
  // A bad URL is refused (RangeError) before the database is opened.
  const webhook = options.notifyWebhook
    ? new WebhookNotifier({ url: options.notifyWebhook, log, ...options.webhookDelivery })
    : undefined;
  // Following the path: a file deleted or replaced while we run is reported, then read again once valid.
  const store = await openHistory(options.dbPath, { readonly: true, reopen: true, busyWaitMs: options.busyWaitMs });
  // Aggregates, analyses and whole-database counts run here, off the event loop.
  const pool = new HistoryWorkerPool(options.dbPath, {
    size: options.workers,
    open: { reopen: true, busyWaitMs: options.busyWaitMs },
  });
  let hub: LiveHub | undefined;
  let writer: HistoryWriterLike | undefined;
  try {
    if (options.ingest) {
      if (!options.token)
        throw new RangeError(
          'ingest needs a token: anyone could write runs otherwise; pass --token TOKEN with --ingest',
        );
      writer = await openHistoryWriter(options.dbPath, { create: false });
    }
    hub = new LiveHub({
      store,
      path: `${prefix}/ws/metrics`,
      tokenCheck: options.token ? createTokenCheck(options.token) : undefined,
      snapshotIntervalMs: options.snapshotIntervalMs,
      pollIntervalMs: options.pollIntervalMs,
      maxBufferedBytes: options.wsMaxBufferedBytes,
      stats: pool,
      regressions: new RegressionWatcher(pool, options.now),
      onRegression: webhook && ((message) => webhook.notify(message)),
      log,
    });
    const live = hub;
    const app = createApp({
      ...options,
      basePath: prefix,
      store,
      analyses: pool,
      writer,
      log,
      liveClients: () => live.clientCount,
      historyGeneration: () => live.generation,
    });
    const server = createServer(app.callback());
    server.on('upgrade', (req, socket, head) => live.handleUpgrade(req, socket, head));
    // A client that sends garbage gets a 400 from Node; it must never take the process down.
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable) return socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    await live.start();
    // "Ready" means the dashboard's first heavy answers are already computed (design.md §7's "cold").
    const newest = (await store.listScripts().catch(() => []))[0]?.path;
    const warmer = new AnswerWarmer({
      pool,
      questions: dashboardQuestions(options.now, newest),
      generation: () => live.generation,
    });
    await warmer.start();
    await listen(server, options.port ?? 8000, host);
    const port = (server.address() as AddressInfo).port;
    if (webhook) log.info(`runner-dash-server: confirmed changes will be POSTed to the webhook ${webhook.target}`);
    const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${shownHost}:${port}${prefix}/`,
      port,
      close: () =>
        (closing ??= (async () => {
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          await webhook?.close();
          await live.close();
          await warmer.stop();
          server.closeAllConnections();
          await stopped;
          await pool.close();
          await writer?.close();
          await store.close();
        })()),
    };
  } catch (err) {
    await webhook?.close();
    await hub?.close();
    await pool.close();
    await writer?.close();
    await store.close();
    throw err;
  }
}
