import compress from 'koa-compress';
import type { Middleware } from 'koa';
import { constants as zlib } from 'node:zlib';

/** Every coding koa-compress may choose, and the plain one. */
const CODINGS = ['zstd', 'br', 'gzip', 'deflate', 'identity'];

/**
 * Compresses what is worth it (brotli at a fast level: API answers are small and frequent).
 * A client that refuses every coding, plain bytes included (`Accept-Encoding: identity;q=0`),
 * gets plain bytes: RFC 9110 lets the server ignore an Accept-Encoding it cannot satisfy,
 * and koa-compress would otherwise set `Content-Encoding: undefined` and fail the request.
 */
export function compression(): Middleware {
  const compressor = compress({ threshold: 1024, br: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
  return (ctx, next) =>
    compressor(ctx, async () => {
      await next();
      if (ctx.get('Accept-Encoding') && !ctx.acceptsEncodings(...CODINGS)) ctx.compress = false;
    });
}
