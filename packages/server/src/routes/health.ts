import Router from '@koa/router';
import type { HistoryStore } from '@runner-dash/core';
import { isHistoryError } from '@runner-dash/core';
import { toLocalIso } from '../time.js';

/** Options of {@link healthRouter}. */
export interface HealthDeps {
  store: HistoryStore;
  version: string;
  /** How many WebSocket clients are connected now. */
  liveClients: () => number;
}

/**
 * `GET /api/health`: 200 while the database answers, 503 when it does not. Without a valid
 * token (when one is set) only `{status, timestamp}`: no path or counts for strangers.
 */
export function healthRouter({ store, version, liveClients }: HealthDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/health', async (ctx) => {
    let ok = true;
    let message: string | undefined;
    try {
      // The change-detection query without a cursor is the cheapest read that still touches the file.
      await store.pollChanges();
    } catch (err) {
      ok = false;
      message = isHistoryError(err) || err instanceof Error ? err.message : String(err);
    }
    ctx.status = ok ? 200 : 503;
    const timestamp = toLocalIso(new Date());
    const status = ok ? 'ok' : 'error';
    ctx.body =
      ctx.state.authorized === true
        ? {
            status,
            timestamp,
            version,
            websocket_clients: liveClients(),
            database: { path: store.location, ok, ...(message === undefined ? {} : { message }) },
          }
        : { status, timestamp };
  });
  return router;
}
