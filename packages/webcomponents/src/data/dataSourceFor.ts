import type { DataSource } from './DataSource.js';
import { HttpDataSource } from './HttpDataSource.js';

let defaultSource: DataSource | undefined;
const bySource = new Map<string, HttpDataSource>();

/**
 * Makes every element without its own `src` (or `dataSource` property) use `source`: the
 * VS Code webview calls this once with its postMessage data source before adding elements.
 */
export function setDefaultDataSource(source: DataSource | undefined): void {
  defaultSource = source;
}

/**
 * The data source an element with these attributes uses. Elements pointing at the same
 * server with the same token share one instance, hence one live connection per page.
 */
export function dataSourceFor(src: string | undefined, token: string | undefined): DataSource {
  if (!src && defaultSource) return defaultSource;
  const key = `${src ?? ''}\n${token ?? ''}`;
  let source = bySource.get(key);
  if (!source) {
    source = new HttpDataSource({ baseUrl: src, token });
    bySource.set(key, source);
  }
  return source;
}
