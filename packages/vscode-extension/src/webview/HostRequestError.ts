/**
 * Why the extension host could not answer. It is a `DataSourceError` as the web components
 * recognise one (`isDataSourceError` checks the name and `status`, across bundle copies),
 * defined here so the postMessage client does not load the element registry (and stays
 * testable in Node).
 */
export class HostRequestError extends Error {
  override readonly name = 'DataSourceError';
  constructor(
    message: string,
    /** HTTP-like: 400 bad request, 404 unknown run, 503 database unusable, 0 no answer. */
    readonly status: number,
  ) {
    super(message);
  }

  /** The elements ask this of every `DataSourceError`; a webview never needs a token. */
  get needsToken(): boolean {
    return false;
  }
}
