import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';

/** A weak validator from the serialized body: same JSON, same tag. */
export function weakEtag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison) decides when present, else
 * If-Modified-Since. Unlike Koa's `ctx.fresh`, a request's `Cache-Control: no-cache` does
 * not prevent the 304 — fetch() adds that header to every request with If-None-Match.
 */
function notModified(ifNoneMatch: string, ifModifiedSince: string, etag: string, lastModified: string): boolean {
  if (ifNoneMatch) {
    if (!etag) return false;
    const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/**
 * Serializes JSON bodies once, tags them with an ETag computed from the bytes, and
 * answers 304 when the client already has them (also for static files, by Last-Modified).
 */
export function conditionalGet(): Middleware {
  return async (ctx, next) => {
    await next();
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.status !== 200) return;
    const body: unknown = ctx.body;
    if (
      body !== null &&
      typeof body === 'object' &&
      !Buffer.isBuffer(body) &&
      typeof (body as { pipe?: unknown }).pipe !== 'function'
    ) {
      const json = JSON.stringify(body);
      ctx.body = json;
      ctx.type = 'application/json';
      ctx.etag = weakEtag(json);
      // Clients may keep the body but must ask again: history changes at any moment.
      ctx.set('Cache-Control', 'no-cache');
    }
    if (
      notModified(
        ctx.get('If-None-Match'),
        ctx.get('If-Modified-Since'),
        ctx.response.get('ETag'),
        ctx.response.get('Last-Modified'),
      )
    ) {
      const stale = ctx.body as { destroy?: () => void } | null;
      // A file stream opened for the body would otherwise hold its descriptor open.
      if (typeof stale?.destroy === 'function') stale.destroy();
      ctx.status = 304;
      ctx.body = null;
    }
  };
}
