/** A value that can go into one CSV cell; null and undefined give an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180: a field containing a separator, a quote or a line break is quoted.
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Formats one RFC 4180 field. Numbers are written as numbers (a −1 exit code stays −1);
 * text that a spreadsheet would run as a formula gets a leading `'`; booleans are 1/0 as
 * the database stores them; non-finite numbers and null are empty.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
