import type { Middleware } from 'koa';
import { weakEtag } from './conditionalGet.js';

/** Options of {@link responseCache}. */
export interface ResponseCacheOptions {
  /** A number that changes whenever anything was committed to the history. */
  generation: () => number;
  /**
   * How long an answer may be reused even without commits: time windows ("last 7 days")
   * move with the clock, so nothing is kept forever. Default 5000 ms.
   */
  maxAgeMs?: number;
  /** Most answers kept (oldest dropped first). Default 500. */
  maxEntries?: number;
}

interface Entry {
  generation: number;
  expires: number;
  json: string;
  etag: string;
  totalCount: string;
}

/** Routes whose answers are not worth keeping: live status, streams, a constant document. */
const UNCACHED = new Set(['/api/health', '/api/export/csv', '/api/openapi.json']);

/**
 * Reuses the serialized JSON of an API answer while the history is unchanged, so a
 * dashboard polling heavy aggregates costs one computation per change, not one per request.
 */
export function responseCache(options: ResponseCacheOptions): Middleware {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, Entry>();
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith('/api/') || UNCACHED.has(ctx.path)) return next();
    const key = ctx.url;
    const generation = options.generation();
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.generation === generation && hit.expires > now) {
      ctx.type = 'application/json';
      ctx.body = hit.json;
      ctx.etag = hit.etag;
      ctx.set('Cache-Control', 'no-cache');
      if (hit.totalCount) ctx.set('X-Total-Count', hit.totalCount);
      return;
    }
    await next();
    const body: unknown = ctx.body;
    if (ctx.status !== 200 || body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return;
    const json = JSON.stringify(body);
    const entry: Entry = {
      generation,
      expires: now + maxAgeMs,
      json,
      etag: weakEtag(json),
      totalCount: ctx.response.get('X-Total-Count'),
    };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    ctx.type = 'application/json';
    ctx.body = json;
    ctx.etag = entry.etag;
    ctx.set('Cache-Control', 'no-cache');
  };
}
