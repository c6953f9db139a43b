import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Answers whether a request carries the configured token. */
export type TokenCheck = (presented: string | undefined) => boolean;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares tokens in constant time: both sides are hashed first so that neither the
 * content nor the length of the secret leaks through timing.
 */
export function createTokenCheck(token: string): TokenCheck {
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** The `token` query parameter of a raw request URL (only the WebSocket accepts it). */
export function queryToken(req: IncomingMessage): string | undefined {
  try {
    const value = new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('token');
    return value.length === 1 ? value[0] : undefined;
  } catch {
    return undefined;
  }
}
