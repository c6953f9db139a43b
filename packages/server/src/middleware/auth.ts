import type { Middleware } from 'koa';
import { HttpError } from '../HttpError.js';
import { bearerToken, type TokenCheck } from '../TokenCheck.js';

/**
 * With a token configured, every API call and `/metrics` need `Authorization: Bearer TOKEN`. The page,
 * its static assets and `/api/health` stay open (health answers a minimal body then).
 * Sets `ctx.state.authorized` for handlers that answer differently.
 */
export function auth(check: TokenCheck | undefined): Middleware {
  return async (ctx, next) => {
    if (!check) {
      ctx.state.authorized = true;
      return next();
    }
    ctx.state.authorized = check(bearerToken(ctx.get('Authorization')));
    // /metrics is history too (script names, counts), so it needs the token like the API.
    const open = (!ctx.path.startsWith('/api/') && ctx.path !== '/metrics') || ctx.path === '/api/health';
    if (!ctx.state.authorized && !open)
      throw new HttpError(401, 'this dashboard needs a token: send Authorization: Bearer <token>', {
        'WWW-Authenticate': 'Bearer realm="runner-dash"',
      });
    await next();
  };
}
