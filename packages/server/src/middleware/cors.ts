import type { Middleware } from 'koa';

const EXPOSED = 'X-Total-Count, ETag, Content-Disposition';

/**
 * CORS for the read-only API. Without a list: `*` and no credentials (as the original
 * dashboard documented). With a list: only those origins, echoed back.
 */
export function cors(allowedOrigins: readonly string[] | undefined): Middleware {
  const restricted = allowedOrigins !== undefined && allowedOrigins.length > 0 && !allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins ?? []);
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    let allowOrigin: string | undefined;
    if (!restricted) allowOrigin = '*';
    else {
      ctx.vary('Origin');
      if (origin && allowed.has(origin)) allowOrigin = origin;
    }
    if (ctx.method === 'OPTIONS' && origin && ctx.get('Access-Control-Request-Method')) {
      // Preflight: answered here, before authentication, as browsers send it without credentials.
      if (allowOrigin) {
        ctx.set('Access-Control-Allow-Origin', allowOrigin);
        ctx.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
        ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    if (allowOrigin) {
      ctx.set('Access-Control-Allow-Origin', allowOrigin);
      ctx.set('Access-Control-Expose-Headers', EXPOSED);
    }
    await next();
  };
}
