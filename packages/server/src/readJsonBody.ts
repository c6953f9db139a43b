import type { Context } from 'koa';
import { HttpError } from './HttpError.js';

/** The largest request body the API reads (ingest batches included). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON request body of at most `limit` bytes without ever holding more: a declared
 * Content-Length over the limit is refused before reading, and a body that grows past it
 * while streaming is refused at that moment (the rest is drained, not kept).
 *
 * @throws HttpError 415 for a body that is not JSON by its type, 413 past the limit,
 * 400 for malformed JSON.
 */
export async function readJsonBody(ctx: Context, limit = MAX_BODY_BYTES): Promise<unknown> {
  if (!ctx.is('application/json'))
    throw new HttpError(415, 'send the body as JSON with Content-Type: application/json');
  const tooLarge = (): HttpError =>
    new HttpError(413, `the request body is over the ${limit / 1024 / 1024} MB limit; send fewer runs per request`, {
      Connection: 'close',
    });
  const declared = Number(ctx.get('Content-Length'));
  if (Number.isFinite(declared) && declared > limit) {
    ctx.req.resume();
    throw tooLarge();
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = ctx.req;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        // Keep reading into nothing, so the client sees the 413 instead of a reset connection.
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new HttpError(400, `the request body could not be read (${err.message})`));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the body is not valid JSON (${(err as Error).message})`);
  }
}
