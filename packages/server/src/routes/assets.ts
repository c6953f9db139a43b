import { createReadStream, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import Router from '@koa/router';
import { HttpError } from '../HttpError.js';

const require = createRequire(import.meta.url);
const BUNDLE_NAME = 'runner-dash.js';

/** Where the web components' browser bundle is, or undefined while it is not built or installed. */
export function resolveBundle(): string | undefined {
  try {
    return require.resolve('@runner-dash/webcomponents/bundle');
  } catch {
    return undefined;
  }
}

/**
 * `GET /assets/runner-dash.js` (and its source map): the dashboard's JavaScript from the
 * @runner-dash/webcomponents package. Looked up per request so a bundle built after the
 * server started is served too.
 */
export function assetsRouter(): Router {
  const router = new Router({ prefix: '/assets' });
  router.get('/:file', (ctx) => {
    const file = ctx.params.file;
    if (file !== BUNDLE_NAME && file !== `${BUNDLE_NAME}.map`)
      throw new HttpError(404, `no asset ${ctx.path.slice(0, 200)}`);
    const bundlePath = resolveBundle();
    if (!bundlePath) throw new HttpError(404, `${file} is not built yet; run 'npm run build'`);
    const path = join(dirname(bundlePath), file === BUNDLE_NAME ? basename(bundlePath) : `${basename(bundlePath)}.map`);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new HttpError(404, `${file} is not built yet; run 'npm run build'`);
    }
    ctx.type = file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8';
    ctx.length = stat.size;
    ctx.lastModified = stat.mtime;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = createReadStream(path);
  });
  return router;
}
