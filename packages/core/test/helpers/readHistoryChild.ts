/**
 * Child process of the read-only tests: opens the history given as argument through core,
 * as the server would, and prints what it read (or the HistoryError) as one JSON line.
 */
import { isHistoryError, openHistory } from '@runner-dash/core';

const path = process.argv[2]!;
try {
  const store = await openHistory(path, { reopen: true });
  const start = await store.pollChanges();
  const page = await store.listExecutions({ limit: 1 });
  const stats = await store.databaseStats();
  await store.close();
  console.log(
    JSON.stringify({
      total: page.total,
      newest: page.rows[0]?.script_path,
      metrics: stats.total_metrics,
      maxExecutionId: start.cursor.maxExecutionId,
    }),
  );
} catch (err) {
  console.log(JSON.stringify(isHistoryError(err) ? { error: err.code, message: err.message } : { error: String(err) }));
}
