/**
 * What a handler throws when a request cannot be answered: the one error middleware
 * turns it into the status and a `{detail}` body.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Koa's convention: an error with `expose` may show its message to the client. */
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}
