import type { FlushResult } from '../store/remote/flushSpool.js';

/** Options of {@link describeFlush}. */
export interface DescribeFlushOptions {
  /** Say nothing when there was nothing to send (after a `run`, where it is the usual case). */
  quietWhenEmpty?: boolean;
}

/** The lines a person reads after a spool flush: what went, what waits, what was set aside. */
export function describeFlush(result: FlushResult, server: string, options: DescribeFlushOptions = {}): string[] {
  const lines: string[] = [];
  const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;
  if (result.sent + result.duplicates > 0)
    lines.push(
      `sent ${runs(result.sent + result.duplicates)} from the spool to ${server}` +
        (result.duplicates > 0 ? ` (${result.duplicates} of them it already had)` : ''),
    );
  if (result.remaining > 0)
    lines.push(`${runs(result.remaining)} still waiting in the spool: ${result.error?.message ?? 'not sent'}`);
  for (const r of result.rejected) lines.push(`set aside ${r.file}: ${r.reason}`);
  if (lines.length === 0 && !options.quietWhenEmpty) lines.push(`the spool holds no runs for ${server}`);
  return lines;
}
