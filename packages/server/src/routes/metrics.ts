import Router from '@koa/router';
import { QueryParams, RANGES } from '../QueryParams.js';
import type { RouteDeps } from './RouteDeps.js';

const PRIMARY_METRIC = 'execution_time_seconds';

/** Metric values: stats over the latest runs or a window, one series, and the names. */
export function metricsRouter({ store, analyses, now }: RouteDeps): Router {
  const router = new Router({ prefix: '/api/metrics' });

  router.get('/latest', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.aggregateMetrics({
      scriptPath: q.text('script_path'),
      latest: q.intOr('limit', ...RANGES.limit, 100),
      now,
    });
  });

  router.get('/history', async (ctx) => {
    const q = new QueryParams(ctx.query);
    const scriptPath = q.text('script_path');
    const metricName = q.textOr('metric_name', PRIMARY_METRIC);
    const days = q.intOr('days', ...RANGES.days, 7);
    const limit = q.intOr('limit', ...RANGES.historyLimit, 1000);
    const data = await store.metricSeries({ scriptPath, metricName, days, limit, now });
    ctx.body = { metric_name: metricName, script_path: scriptPath ?? null, days, data_points: data.length, data };
  });

  router.get('/aggregated', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.aggregateMetrics({
      scriptPath: q.text('script_path'),
      metricName: q.text('metric_name'),
      days: q.intOr('days', ...RANGES.days, 30),
      now,
    });
  });

  router.get('/available', async (ctx) => {
    ctx.body = { available_metrics: await store.availableMetrics() };
  });

  return router;
}
