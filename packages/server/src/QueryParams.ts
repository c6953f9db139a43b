import type { ParsedUrlQuery } from 'node:querystring';
import { HttpError } from './HttpError.js';

/** Longest text accepted in a query parameter (script paths, metric names). */
const MAX_TEXT_LENGTH = 1024;
const INTEGER = /^[+-]?\d{1,16}$/;

/**
 * Reads and validates query parameters. Every mistake is a 400 whose `detail` names the
 * parameter and the values it accepts, so a client never reaches core with bad input.
 */
export class QueryParams {
  constructor(private readonly query: ParsedUrlQuery) {}

  /** The raw single value; a parameter given twice is refused rather than guessed at. */
  private single(name: string): string | undefined {
    const value = this.query[name];
    if (Array.isArray(value)) throw new HttpError(400, `${name} is given ${value.length} times; give it once`);
    return value;
  }

  /** An optional text; empty means absent (as the original dashboard treated it). */
  text(name: string): string | undefined {
    const value = this.single(name);
    if (value === undefined || value === '') return undefined;
    if (value.length > MAX_TEXT_LENGTH)
      throw new HttpError(400, `${name} is longer than ${MAX_TEXT_LENGTH} characters`);
    return value;
  }

  /** A text with a default. */
  textOr(name: string, fallback: string): string {
    return this.text(name) ?? fallback;
  }

  /** An optional integer within [min, max]. */
  int(name: string, min: number, max: number): number | undefined {
    const value = this.single(name);
    if (value === undefined || value === '') return undefined;
    if (!INTEGER.test(value.trim()))
      throw new HttpError(400, `${name} must be an integer from ${min} to ${max}, not '${clip(value)}'`);
    const n = Number(value.trim());
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new HttpError(400, `${name} must be an integer from ${min} to ${max}, not ${clip(value)}`);
    return n;
  }

  /** An integer within [min, max] with a default. */
  intOr(name: string, min: number, max: number, fallback: number): number {
    return this.int(name, min, max) ?? fallback;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value))
      throw new HttpError(400, `${name} must be one of ${allowed.join(', ')}, not '${clip(value)}'`);
    return value as T;
  }
}

/** Keeps echoed input short in error messages. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** The ranges of design.md §3, shared by every route. */
export const RANGES = {
  limit: [1, 10_000],
  historyLimit: [1, 100_000],
  offset: [0, Number.MAX_SAFE_INTEGER],
  days: [1, 365],
  exitCode: [-2_147_483_648, 2_147_483_647],
  percentile: [0, 100],
} as const satisfies Record<string, readonly [number, number]>;
