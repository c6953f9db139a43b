import type { Middleware } from 'koa';
import serve from 'koa-static';
import { HttpError } from '../HttpError.js';

/**
 * Serves the files of one folder (the page and its assets). Anything that tries to leave
 * the folder — `..`, encoded `%2e%2e`, malformed escapes, hidden files — is a plain 404,
 * so a probe learns nothing about the file system.
 */
export function staticFiles(root: string): Middleware {
  const send = serve(root, { index: 'index.html', hidden: false, maxage: 0 });
  return async (ctx, next) => {
    // API paths never map to files; skipping them saves a stat per request.
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/ws/')) return next();
    let passedOn = false;
    try {
      await send(ctx, async () => {
        passedOn = true;
        await next();
      });
    } catch (err) {
      if (passedOn) throw err;
      const status = (err as { status?: number }).status;
      if (status === 400 || status === 403) throw new HttpError(404, `no file ${ctx.path}`);
      throw err;
    }
  };
}
