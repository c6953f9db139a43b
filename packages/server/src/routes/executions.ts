import Router from '@koa/router';
import { HttpError } from '../HttpError.js';
import { QueryParams, RANGES } from '../QueryParams.js';
import type { RouteDeps } from './RouteDeps.js';

const ID = /^\d{1,16}$/;

/**
 * Executions: the newest-first list (with `X-Total-Count`), the failures, and one run in
 * full with its metrics and alerts.
 */
export function executionsRouter({ store }: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/executions', async (ctx) => {
    const q = new QueryParams(ctx.query);
    const page = await store.listExecutions({
      scriptPath: q.text('script_path'),
      exitCode: q.int('exit_code', ...RANGES.exitCode),
      limit: q.intOr('limit', ...RANGES.limit, 50),
      offset: q.intOr('offset', ...RANGES.offset, 0),
    });
    ctx.set('X-Total-Count', String(page.total));
    ctx.body = page.rows;
  });

  router.get('/executions/failed', async (ctx) => {
    const q = new QueryParams(ctx.query);
    const page = await store.listExecutions({
      success: false,
      limit: q.intOr('limit', ...RANGES.limit, 50),
      offset: q.intOr('offset', ...RANGES.offset, 0),
    });
    ctx.set('X-Total-Count', String(page.total));
    ctx.body = page.rows;
  });

  router.get('/execution/:id', async (ctx) => {
    const raw = ctx.params.id ?? '';
    const id = ID.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(id))
      throw new HttpError(400, `id must be a whole number (an execution id), not '${raw.slice(0, 40)}'`);
    const execution = await store.getExecution(id);
    if (!execution) throw new HttpError(404, `no execution with id ${id}`);
    ctx.body = execution;
  });

  return router;
}
