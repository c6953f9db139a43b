import type { ExportQuery, ExportRow, HistoryStore } from '../store/HistoryStore.js';
import { csvRecord, type CsvValue } from './csvCell.js';

/** Options of {@link exportCsv}. */
export interface CsvExportOptions {
  /** One row per metric value (`id, script_path, start_time, metric_name, metric_value`). */
  long?: boolean;
  /** Yield a chunk once it holds this many characters (default 64 KiB). */
  chunkSize?: number;
}

/** The execution columns every wide export starts with, in this order. */
export const CSV_EXECUTION_COLUMNS = [
  'id',
  'script_path',
  'start_time',
  'end_time',
  'execution_time_seconds',
  'exit_code',
  'success',
  'attempt_number',
  'timed_out',
  'stdout_lines',
  'stderr_lines',
] as const;

/** The columns of a long export. */
export const CSV_LONG_COLUMNS = ['id', 'script_path', 'start_time', 'metric_name', 'metric_value'] as const;

function executionCells(row: ExportRow): CsvValue[] {
  const e = row.execution;
  return [
    e.id,
    e.script_path,
    e.start_time,
    e.end_time,
    e.execution_time_seconds,
    e.exit_code,
    e.success,
    e.attempt_number,
    e.timed_out,
    e.stdout_lines,
    e.stderr_lines,
  ];
}

/**
 * The metric columns of a wide export: every metric name the history has (or the one
 * asked for), sorted. Names equal to an execution column (runner.py stores
 * `execution_time_seconds`, `success` and `timed_out` both ways, with the same value) are
 * left out, since a header with duplicate names breaks most CSV readers.
 */
async function metricColumns(store: HistoryStore, query: ExportQuery): Promise<string[]> {
  const names = query.metricName === undefined ? await store.availableMetrics() : [query.metricName];
  const fixed = new Set<string>(CSV_EXECUTION_COLUMNS);
  return [...new Set(names)].filter((n) => !fixed.has(n)).sort();
}

/**
 * Streams a history as RFC 4180 CSV (CRLF line ends, quoted where needed, text guarded
 * against formula injection), oldest run first, in chunks of text — never the whole file
 * in memory. Wide by default: the execution columns, then one column per metric name;
 * `long` gives one row per metric value instead.
 *
 * Pipe it anywhere: `pipeline(Readable.from(exportCsv(store, query)), out)`.
 *
 * @throws {@link HistoryError} from the store, before the first chunk or while streaming.
 */
export async function* exportCsv(
  store: HistoryStore,
  query: ExportQuery = {},
  options: CsvExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  let chunk: string;
  let toRecord: (row: ExportRow) => string;
  if (options.long) {
    chunk = csvRecord(CSV_LONG_COLUMNS);
    toRecord = (row) => {
      const { id, script_path, start_time } = row.execution;
      let out = '';
      for (const name of Object.keys(row.metrics).sort())
        out += csvRecord([id, script_path, start_time, name, row.metrics[name]]);
      return out;
    };
  } else {
    const metrics = await metricColumns(store, query);
    chunk = csvRecord([...CSV_EXECUTION_COLUMNS, ...metrics]);
    toRecord = (row) => csvRecord([...executionCells(row), ...metrics.map((m) => row.metrics[m])]);
  }
  for await (const row of store.exportRows(query)) {
    chunk += toRecord(row);
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
