/**
 * A remote history did not take a run. `retryable` says whether sending the same run
 * again later can succeed (server down, overloaded, misconfigured token) or never will
 * (the server refused the run itself: 400, 413).
 */
export class RemoteWriteError extends Error {
  override readonly name = 'RemoteWriteError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The HTTP status, when the server answered at all. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Statuses after which the same request can succeed later (the run itself was not refused). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 401 || status === 403 || status === 404 || status === 408 || status === 429;
}
