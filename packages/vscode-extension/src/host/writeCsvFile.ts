import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { exportCsv, type ExportQuery, type HistoryStore } from '@runner-dash/core';

/**
 * Writes core's CSV export of the runs matching `query` to `path`, chunk by chunk so a
 * large history never sits in memory; resolves to the bytes written. A failed write
 * removes nothing and rejects with the file system's error.
 */
export async function writeCsvFile(store: HistoryStore, query: ExportQuery, path: string): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  let bytes = 0;
  try {
    for await (const chunk of exportCsv(store, query)) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    return bytes;
  } finally {
    if (!out.writableFinished) out.destroy();
  }
}
