import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import { isHistoryError } from '@runner-dash/core';
import { HttpError } from '../HttpError.js';
import type { Logger } from '../Logger.js';

/** Status and text a client may see for an error. */
function describe(err: unknown): { status: number; detail: string; headers?: Record<string, string> } | undefined {
  if (err instanceof HttpError) return { status: err.status, detail: err.detail, headers: err.headers };
  // The database went away, is locked too long or is not a history: the server is fine, the data is not.
  if (isHistoryError(err)) return { status: 503, detail: err.message };
  // Core refuses out-of-range values (dates, windows) with RangeError; they came from the request.
  if (err instanceof RangeError) return { status: 400, detail: err.message };
  if (err instanceof URIError) return { status: 400, detail: 'the URL has malformed percent-encoding' };
  // Errors raised by Koa itself or its plugins (http-errors) that are safe to show.
  const e = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true)
    return { status: e.status, detail: String(e.message) };
  return undefined;
}

/**
 * The one place errors become responses: `{detail}` with the right status. An unexpected
 * error is logged with a request id and the client sees only that id.
 */
export function errorHandler(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const known = describe(err);
      let status: number;
      let detail: string;
      if (known) {
        ({ status, detail } = known);
        for (const [name, value] of Object.entries(known.headers ?? {})) ctx.set(name, value);
      } else {
        const requestId = randomBytes(6).toString('hex');
        log.error(`runner-dash-server: request ${requestId} (${ctx.method} ${ctx.path}) failed:`, err);
        status = 500;
        detail = `internal error; the server log has the details under request id ${requestId}`;
      }
      ctx.remove('Content-Disposition');
      ctx.remove('ETag');
      ctx.status = status;
      ctx.body = { detail };
    }
  };
}
