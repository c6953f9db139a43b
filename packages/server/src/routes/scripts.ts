import Router from '@koa/router';
import type { RouteDeps } from './RouteDeps.js';

/** `GET /api/scripts`: every script with its run counts, newest last run first. */
export function scriptsRouter({ store }: RouteDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/scripts', async (ctx) => {
    ctx.body = await store.listScripts();
  });
  return router;
}
