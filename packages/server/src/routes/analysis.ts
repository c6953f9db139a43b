import Router from '@koa/router';
import { QueryParams, RANGES } from '../QueryParams.js';
import type { RouteDeps } from './RouteDeps.js';

const PRIMARY_METRIC = 'execution_time_seconds';
const BASELINE_METHODS = ['intelligent', 'percentile', 'iqr', 'time-based'] as const;

/** The analyses of analytics-reference.md: trend (with change points), baselines, regressions. */
export function analysisRouter({ analyses, now }: RouteDeps): Router {
  const router = new Router({ prefix: '/api/analysis' });

  router.get('/trend', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.analyzeTrend({
      scriptPath: q.text('script_path'),
      metricName: q.textOr('metric_name', PRIMARY_METRIC),
      days: q.intOr('days', ...RANGES.days, 30),
      now,
    });
  });

  router.get('/baseline', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.computeBaseline({
      scriptPath: q.text('script_path'),
      metricName: q.textOr('metric_name', PRIMARY_METRIC),
      method: q.oneOf('method', BASELINE_METHODS, 'intelligent'),
      percentile: q.intOr('percentile', ...RANGES.percentile, 50),
      days: q.intOr('days', ...RANGES.days, 30),
      now,
    });
  });

  router.get('/regressions', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.findRegressions({
      metricName: q.textOr('metric_name', PRIMARY_METRIC),
      days: q.intOr('days', ...RANGES.days, 30),
      now,
    });
  });

  return router;
}
