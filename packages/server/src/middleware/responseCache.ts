import type { Context, Middleware } from 'koa';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { weakEtag } from './conditionalGet.js';

/** Options of {@link responseCache}. */
export interface ResponseCacheOptions {
  /** A number that changes whenever anything was committed to the history. */
  generation: () => number;
  /**
   * How long an answer over a time window may be reused even without commits: "last 7
   * days" moves with the clock, so such answers are not kept forever. Default 5000 ms.
   * (Heavy windowed answers come from the worker pool's memo, which knows exactly when a
   * run leaves a window, so asking again after this costs little.)
   */
  maxAgeMs?: number;
  /** Most answers kept (oldest dropped first). Default 500. */
  maxEntries?: number;
}

type Encoding = 'br' | 'gzip';

interface Entry {
  generation: number;
  expires: number;
  json: string;
  etag: string;
  totalCount: string;
  /** The JSON compressed, per encoding, made on first demand. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/** Routes whose answers are not worth keeping: live status, streams, a constant document. */
const UNCACHED = new Set(['/api/health', '/api/export/csv', '/api/openapi.json']);

/**
 * Routes whose answers depend on the history alone, never on the clock: kept until the
 * next commit however long that takes.
 */
const CLOCK_FREE = new Set([
  '/api/scripts',
  '/api/executions',
  '/api/executions/failed',
  '/api/metrics/available',
  '/api/metrics/latest',
  '/api/stats/database',
]);

/** Below this many bytes compression is not worth its CPU (as koa-compress's threshold). */
const COMPRESS_THRESHOLD = 1024;

function clockFree(path: string): boolean {
  return CLOCK_FREE.has(path) || path.startsWith('/api/execution/');
}

function encode(json: string, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(json, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } })
    : gzipSync(json, { level: 6 });
}

/**
 * Reuses the serialized JSON of an API answer while the history is unchanged, so a
 * dashboard polling heavy aggregates costs one computation per change, not one per request.
 * The compressed bytes are kept too: a repeated request costs a lookup and a write, no
 * serialization, hashing or compression stream.
 */
export function responseCache(options: ResponseCacheOptions): Middleware {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, Entry>();

  const serve = (ctx: Context, entry: Entry): void => {
    ctx.type = 'application/json';
    ctx.etag = entry.etag;
    ctx.set('Cache-Control', 'no-cache');
    if (entry.totalCount) ctx.set('X-Total-Count', entry.totalCount);
    // A conditional request is conditionalGet's to answer (304 carries no body to encode).
    const encoding =
      entry.json.length >= COMPRESS_THRESHOLD && !ctx.get('If-None-Match')
        ? ctx.acceptsEncodings('br', 'gzip', 'identity')
        : false;
    if (encoding === 'br' || encoding === 'gzip') {
      const bytes = (entry.encoded[encoding] ??= encode(entry.json, encoding));
      // Already encoded: koa-compress leaves a body with a Content-Encoding alone.
      ctx.set('Content-Encoding', encoding);
      ctx.body = bytes;
    } else {
      ctx.body = entry.json;
    }
  };

  return async (ctx, next) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith('/api/') || UNCACHED.has(ctx.path)) return next();
    const key = ctx.url;
    const generation = options.generation();
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.generation === generation && hit.expires > now) return serve(ctx, hit);
    await next();
    const body: unknown = ctx.body;
    if (ctx.status !== 200 || body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return;
    const json = JSON.stringify(body);
    const entry: Entry = {
      generation,
      expires: clockFree(ctx.path) ? Infinity : now + maxAgeMs,
      json,
      etag: weakEtag(json),
      totalCount: ctx.response.get('X-Total-Count'),
      encoded: {},
    };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    serve(ctx, entry);
  };
}
