/**
 * Why a data source could not answer. `status` is the HTTP status when there was one
 * (401 means a token is needed or wrong; 0 means the server could not be reached).
 */
export class DataSourceError extends Error {
  override readonly name = 'DataSourceError';
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the server asks for a (different) access token. */
  get needsToken(): boolean {
    return this.status === 401;
  }
}

/** True for a {@link DataSourceError}, also across duplicated bundle copies. */
export function isDataSourceError(err: unknown): err is DataSourceError {
  return err instanceof DataSourceError || (err instanceof Error && err.name === 'DataSourceError' && 'status' in err);
}
