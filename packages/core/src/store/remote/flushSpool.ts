import type { RemoteHistoryWriter } from './RemoteHistoryWriter.js';
import { RemoteWriteError } from './RemoteWriteError.js';
import type { RejectedRun, RunSpool } from './RunSpool.js';

/** What {@link flushSpool} did. */
export interface FlushResult {
  /** Runs the server recorded now. */
  sent: number;
  /** Runs the server already had (an earlier send whose answer was lost). */
  duplicates: number;
  /** Runs set aside for good (refused by the server, or unreadable files). */
  rejected: RejectedRun[];
  /** Runs still waiting because the server could not take them now. */
  remaining: number;
  /** Why the flush stopped early, when it did. */
  error?: RemoteWriteError;
}

/**
 * Sends the runs spooled for `writer`'s server, oldest first, one request per run (so a
 * refusal names its run), deleting each file only after the server confirmed it. Stops at
 * the first failure that may pass (server down again); a run the server refuses for good
 * is set aside as rejected and the flush goes on.
 */
export async function flushSpool(spool: RunSpool, writer: RemoteHistoryWriter): Promise<FlushResult> {
  const { runs, unreadable } = spool.list(writer.location);
  const result: FlushResult = { sent: 0, duplicates: 0, rejected: [...unreadable], remaining: 0 };
  for (const [index, entry] of runs.entries()) {
    try {
      const [outcome] = await writer.recordBatch([entry.run]);
      if (outcome!.duplicate) result.duplicates++;
      else result.sent++;
      spool.remove(entry.file);
    } catch (err) {
      if (!(err instanceof RemoteWriteError)) throw err;
      if (err.retryable) {
        result.remaining = runs.length - index;
        result.error = err;
        break;
      }
      result.rejected.push({ file: spool.reject(entry.file, err.message), reason: err.message });
    }
  }
  return result;
}
