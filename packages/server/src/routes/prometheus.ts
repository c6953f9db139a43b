import Router from '@koa/router';
import {
  collectRunMetrics,
  PROMETHEUS_CONTENT_TYPE,
  prometheusText,
  type HistoryStore,
  type RunMetricsOptions,
} from '@runner-dash/core';

/** What {@link prometheusRouter} needs. */
export interface PrometheusDeps {
  store: HistoryStore;
  /** Pinned "now" for the regressions window (tests); the current time when undefined. */
  now: Date | string | undefined;
  /** Scripts reported by name; the least recently run beyond it are folded into `other`. */
  maxScripts: number;
  /** Finds confirmed changes off the event loop (the server's worker pool); default: in-process. */
  findRegressions?: RunMetricsOptions['findRegressions'];
  /** Changes with every commit to the history; without it every scrape computes afresh. */
  generation?: () => number;
  /** Longest reuse of an exposition without commits (the regressions window moves). Default 5000 ms. */
  maxAgeMs?: number;
}

interface Cached {
  generation: number;
  expires: number;
  text: Promise<string>;
}

/**
 * `GET /metrics`: the history in the Prometheus text exposition format. The text is kept
 * until the next commit (or `maxAgeMs`), and concurrent scrapes of a changed history share
 * one computation, so a fleet of scrapers costs one grouped query per change.
 */
export function prometheusRouter(deps: PrometheusDeps): Router {
  const maxAgeMs = deps.maxAgeMs ?? 5000;
  let cached: Cached | undefined;
  const compute = (): Promise<string> =>
    collectRunMetrics(deps.store, {
      maxScripts: deps.maxScripts,
      now: deps.now,
      findRegressions: deps.findRegressions,
    }).then(prometheusText);
  const exposition = (): Promise<string> => {
    if (!deps.generation) return compute();
    const generation = deps.generation();
    const now = Date.now();
    if (cached && cached.generation === generation && cached.expires > now) return cached.text;
    const entry: Cached = { generation, expires: now + maxAgeMs, text: compute() };
    cached = entry;
    // A failed computation (database locked too long) must not be served from the cache.
    entry.text.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.text;
  };
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    const text = await exposition();
    ctx.type = PROMETHEUS_CONTENT_TYPE;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = text;
  });
  return router;
}
