import type { Middleware } from 'koa';
import { HttpError } from '../HttpError.js';
import { bearerToken, type TokenCheck } from '../TokenCheck.js';

const HEALTH = '/api/health';

/**
 * The path as the routers match it: @koa/router ignores case and a trailing slash, so
 * `/API/SCRIPTS` and `/metrics/` reach the same handlers as `/api/scripts` and `/metrics`.
 */
function routedPath(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '') || '/';
}

function unauthorized(): HttpError {
  return new HttpError(401, 'this dashboard needs a token: send Authorization: Bearer <token>', {
    'WWW-Authenticate': 'Bearer realm="runner-dash"',
  });
}

/**
 * With a token configured, every API call and `/metrics` need `Authorization: Bearer TOKEN`. The page,
 * its static assets and `/api/health` stay open (health answers a minimal body then).
 * Sets `ctx.state.authorized` for handlers that answer differently. Refuses API paths before
 * anything below (the response cache included) can answer them; {@link requireToken} closes
 * whatever else gets past the page and its files.
 */
export function auth(check: TokenCheck | undefined): Middleware {
  return async (ctx, next) => {
    if (!check) {
      ctx.state.authorized = true;
      return next();
    }
    ctx.state.authorized = check(bearerToken(ctx.get('Authorization')));
    const path = routedPath(ctx.path);
    // /metrics is history too (script names, counts), so it needs the token like the API.
    const open = (!path.startsWith('/api/') && path !== '/metrics') || path === HEALTH;
    if (!ctx.state.authorized && !open) throw unauthorized();
    await next();
  };
}

/**
 * Placed after the page and its files: without the token nothing past them answers but the
 * minimal health. A route added later, an unknown path or a new spelling of an API path is a
 * 401, not an open door: design §3 lists what stays open, everything else is closed.
 */
export function requireToken(): Middleware {
  return async (ctx, next) => {
    if (ctx.state.authorized !== true && routedPath(ctx.path) !== HEALTH) throw unauthorized();
    await next();
  };
}
