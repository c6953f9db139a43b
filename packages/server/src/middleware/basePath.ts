import type { Middleware } from 'koa';
import { HttpError } from '../HttpError.js';

/**
 * Normalises `--base-path` to `''` or `/prefix` (leading slash, no trailing slash).
 * @throws RangeError for a prefix with characters a URL path cannot hold as they are.
 */
export function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined) return '';
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  const prefixed = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(prefixed) || prefixed.split('/').some((s) => s === '.' || s === '..'))
    throw new RangeError(`base path '${basePath}' must look like /prefix or /a/b (letters, digits, . _ ~ -)`);
  return prefixed;
}

/**
 * Serves everything under a prefix (for reverse proxies): strips it from the path, sends
 * the bare prefix to `prefix/` so the page's relative URLs resolve, and 404s the rest.
 */
export function basePath(prefix: string): Middleware {
  return async (ctx, next) => {
    if (prefix === '') return next();
    if (ctx.path === prefix) {
      ctx.status = 308;
      ctx.redirect(`${prefix}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    if (!ctx.path.startsWith(`${prefix}/`)) throw new HttpError(404, `nothing here; the dashboard is under ${prefix}/`);
    ctx.path = ctx.path.slice(prefix.length);
    await next();
  };
}
