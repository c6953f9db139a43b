import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import type { HistoryStore, HistoryWriterLike } from '@runner-dash/core';
import { inProcessAnalyses, type HistoryAnalyses } from '@runner-dash/core';
import { HttpError } from './HttpError.js';
import { consoleLogger, type Logger } from './Logger.js';
import { createTokenCheck } from './TokenCheck.js';
import { auth, requireToken } from './middleware/auth.js';
import { compression } from './middleware/compression.js';
import { basePath, normalizeBasePath } from './middleware/basePath.js';
import { conditionalGet } from './middleware/conditionalGet.js';
import { cors } from './middleware/cors.js';
import { errorHandler } from './middleware/errorHandler.js';
import { responseCache } from './middleware/responseCache.js';
import { staticFiles } from './middleware/staticFiles.js';
import { analysisRouter } from './routes/analysis.js';
import { assetsRouter } from './routes/assets.js';
import { executionsRouter } from './routes/executions.js';
import { exportRouter } from './routes/export.js';
import { healthRouter } from './routes/health.js';
import { ingestRouter } from './routes/ingest.js';
import { metricsRouter } from './routes/metrics.js';
import { openApiRouter } from './routes/openapi.js';
import { pageRouter } from './routes/page.js';
import { prometheusRouter } from './routes/prometheus.js';
import type { RouteDeps } from './routes/RouteDeps.js';
import { scriptsRouter } from './routes/scripts.js';
import { statsRouter } from './routes/stats.js';
import { version } from './version.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The history the API reads (opened read-only by the caller, who also closes it). */
  store: HistoryStore;
  /**
   * Answers the heavy routes (aggregates, analyses, database stats); `startServer` passes
   * its worker pool. Default: computed in-process over `store`.
   */
  analyses?: HistoryAnalyses;
  /** When set, API calls need `Authorization: Bearer <token>`. */
  token?: string;
  /** Origins allowed by CORS; absent or empty means `*` without credentials. */
  corsOrigins?: readonly string[];
  /** Serve everything under this prefix, e.g. `/runner-dash`. */
  basePath?: string;
  /** Pinned "now" for time windows (tests); the current time when absent. */
  now?: Date | string;
  /**
   * A number that changes with every commit to the history (the live hub's change poll).
   * When given, API answers are reused while it stays the same; without it nothing is cached.
   */
  historyGeneration?: () => number;
  /**
   * Where `POST /api/ingest/executions` writes (the caller opens and closes it); without
   * it, or without a token, ingest answers 404/403.
   */
  writer?: HistoryWriterLike;
  /** Scripts `/metrics` reports by name (most recently run); the rest become `script="other"`. Default 100. */
  metricsMaxScripts?: number;
  /** How many WebSocket clients are connected (for `/api/health`). */
  liveClients?: () => number;
  /** The folder with the dashboard page (default: the package's `public/`). */
  publicDir?: string;
  log?: Logger;
}

/** The package's `public/` folder, from `src/` (development) and `dist/` alike. */
export const defaultPublicDir = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * Assembles the Koa application: REST API, page and assets. The WebSocket feed is added by
 * {@link startServer} on the same HTTP server.
 */
export function createApp(options: AppOptions): Koa {
  const log = options.log ?? consoleLogger;
  const prefix = normalizeBasePath(options.basePath);
  const tokenCheck = options.token ? createTokenCheck(options.token) : undefined;
  const publicDir = options.publicDir ?? defaultPublicDir;
  const deps: RouteDeps = {
    store: options.store,
    analyses: options.analyses ?? inProcessAnalyses(options.store),
    now: options.now,
  };
  const app = new Koa();
  // Koa reports errors it handled itself (e.g. a client hanging up mid-stream); keep them out of stderr noise.
  app.on('error', (err: Error & { code?: string }) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') log.warn(`runner-dash-server: ${err.message}`);
  });

  // Every error, from any layer below, becomes {detail} with its status; unexpected ones get a request id.
  app.use(errorHandler(log));
  // Compress what is worth it (brotli at a fast level: the API answers are small and frequent).
  app.use(compression());
  // CORS headers and preflight answers come before authentication: browsers preflight without credentials.
  app.use(cors(options.corsOrigins));
  // Strip --base-path so that everything below sees paths from /.
  app.use(basePath(prefix));
  // With a token, API calls need it; the page, its assets and a minimal health stay open.
  app.use(auth(tokenCheck));
  // JSON gets an ETag from its bytes, and a matching If-None-Match gets 304.
  app.use(conditionalGet());
  // API answers reused while the history is unchanged (only when someone watches for changes).
  if (options.historyGeneration) app.use(responseCache({ generation: options.historyGeneration }));
  // The dashboard page and its files, from one folder; traversal attempts are 404.
  if (existsSync(publicDir)) app.use(staticFiles(publicDir));
  // The web components' bundle at assets/runner-dash.js.
  app.use(assetsRouter().routes());
  // A plain page listing the API, when the folder has no dashboard page.
  app.use(pageRouter().routes());
  // Without the token nothing below answers but the minimal health (unknown paths included).
  app.use(requireToken());
  // The REST API, one router per resource.
  app.use(healthRouter({ store: options.store, version, liveClients: options.liveClients ?? (() => 0) }).routes());
  app.use(scriptsRouter(deps).routes());
  app.use(executionsRouter(deps).routes());
  app.use(metricsRouter(deps).routes());
  app.use(analysisRouter(deps).routes());
  app.use(statsRouter(deps).routes());
  app.use(exportRouter(deps, log).routes());
  // Runs from other machines (token required, 1 MB bodies, idempotent retries).
  app.use(ingestRouter({ writer: options.writer, hasToken: tokenCheck !== undefined }).routes());
  app.use(openApiRouter(version, prefix).routes());
  // Prometheus scrapes /metrics (behind the token like the API), kept until the history changes.
  app.use(
    prometheusRouter({
      store: options.store,
      now: options.now,
      maxScripts: options.metricsMaxScripts ?? 100,
      findRegressions: (query) => deps.analyses.findRegressions(query),
      generation: options.historyGeneration,
    }).routes(),
  );
  // Anything else is a 404 with {detail}.
  app.use((ctx) => {
    throw new HttpError(404, `no such route: ${ctx.method} ${ctx.path.slice(0, 200)}`);
  });
  return app;
}
