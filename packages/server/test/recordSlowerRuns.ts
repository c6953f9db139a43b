import { openHistoryWriter } from '@runner-dash/core';

/**
 * Appends a dozen runs of jobs/fast_ok.py at ~0.5 s to a copy of the fixture (where it ran
 * ten times at ~0.10 s): enough for the regression watcher to confirm a change of level.
 * Answers the new run ids; the first is where the change starts, at 2026-11-28T01:40:00.
 */
export async function recordSlowerRuns(dbPath: string): Promise<number[]> {
  const durations = [0.5, 0.52, 0.49, 0.51, 0.5, 0.53, 0.48, 0.51, 0.5, 0.52, 0.49, 0.51];
  const writer = await openHistoryWriter(dbPath);
  const ids: number[] = [];
  try {
    for (const [i, seconds] of durations.entries()) {
      const second = String(i).padStart(2, '0');
      ids.push(
        await writer.record({
          script_path: 'jobs/fast_ok.py',
          start_time: `2026-11-28T01:40:${second}.000000`,
          end_time: `2026-11-28T01:40:${second}.500000`,
          execution_time_seconds: seconds,
          exit_code: 0,
          success: true,
          metrics: { execution_time_seconds: seconds },
        }),
      );
    }
  } finally {
    await writer.close();
  }
  return ids;
}
