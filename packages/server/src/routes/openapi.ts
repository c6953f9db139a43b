import Router from '@koa/router';
import { openApiDocument } from '../openapi/openApiDocument.js';

/** `GET /api/openapi.json`: the API's own description. */
export function openApiRouter(version: string, basePath: string): Router {
  const router = new Router({ prefix: '/api' });
  const document = openApiDocument(version, basePath);
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  return router;
}
