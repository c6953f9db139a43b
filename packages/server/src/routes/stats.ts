import Router from '@koa/router';
import { QueryParams, RANGES } from '../QueryParams.js';
import type { RouteDeps } from './RouteDeps.js';

/** Whole-history numbers: database counts and size, success rates, one metric's range. */
export function statsRouter({ analyses, now }: RouteDeps): Router {
  const router = new Router({ prefix: '/api/stats' });

  router.get('/database', async (ctx) => {
    ctx.body = await analyses.databaseStats();
  });

  router.get('/execution', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.executionStatistics({
      scriptPath: q.text('script_path'),
      days: q.int('days', ...RANGES.days),
      now,
    });
  });

  router.get('/performance', async (ctx) => {
    const q = new QueryParams(ctx.query);
    ctx.body = await analyses.performanceStats({
      metricName: q.textOr('metric_name', 'execution_time_seconds'),
      scriptPath: q.text('script_path'),
      days: q.int('days', ...RANGES.days),
      now,
    });
  });

  return router;
}
