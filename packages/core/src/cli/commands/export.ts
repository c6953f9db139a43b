import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { exportCsv } from '../../export/exportCsv.js';
import { openHistory } from '../../store/openHistory.js';
import type { CliIO, Command } from '../Command.js';
import { integerOption, nowOption, parseCommandArgs } from '../parseCommandArgs.js';

const usage = `usage: runner-dash export [--db FILE|URL] [--script S] [--metric M] [--days N] [--long] [--out FILE]

Writes a history as CSV (RFC 4180), oldest run first: one row per execution with its
columns and one column per metric, or with --long one row per metric value.

options:
  --db FILE|URL the history database, or a postgres:// URL (default: script_runner_history.db)
  --script S    only runs of this script_path
  --metric M    only this metric (its column, or its rows with --long)
  --days N      only runs that started in the last N days (1–365; default: all)
  --long        one row per metric value: id, script_path, start_time, metric_name, metric_value
  --out FILE    write to FILE instead of standard output
  --now TIME    treat TIME (e.g. 2026-11-28T02:00:00) as the current time for --days
`;

/** Writes chunks with back-pressure; rejects on the stream's first error. */
async function writeAll(chunks: AsyncIterable<string>, out: NodeJS.WritableStream): Promise<void> {
  let failure: Error | undefined;
  const onError = (err: Error): void => {
    failure = err;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      // once() rejects when the stream errors while we wait.
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
}

/** `runner-dash export`: a history as CSV. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write runs and their metrics as CSV (wide, or --long)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const values = parseCommandArgs(args, {
      db: { type: 'string' },
      script: { type: 'string' },
      metric: { type: 'string' },
      days: { type: 'string' },
      long: { type: 'boolean' },
      out: { type: 'string' },
      now: { type: 'string' },
    });
    const days = integerOption(values.days, 'days', 1, 365);
    const now = nowOption(values.now);
    const store = await openHistory(values.db ?? DEFAULT_HISTORY_FILE);
    try {
      const chunks = exportCsv(
        store,
        { scriptPath: values.script, metricName: values.metric, days, now },
        { long: values.long ?? false },
      );
      if (values.out === undefined) {
        try {
          await writeAll(chunks, io.stdout);
        } catch (err) {
          // The reader went away (`| head`): not an error of ours.
          if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
          throw err;
        }
        return 0;
      }
      // A temporary name until the last row is written: a failed export leaves no half file.
      const temp = `${values.out}.${process.pid}.tmp`;
      const file = createWriteStream(temp);
      try {
        await once(file, 'open');
        await writeAll(chunks, file);
        file.end();
        await once(file, 'finish');
        renameSync(temp, values.out);
      } catch (err) {
        file.destroy();
        rmSync(temp, { force: true });
        const code = (err as NodeJS.ErrnoException).code;
        if (code && /^E[A-Z]+$/.test(code)) {
          io.stderr.write(
            `runner-dash export: cannot write ${values.out} (${code}); check the folder and its permissions.\n`,
          );
          return 1;
        }
        throw err;
      }
      io.stderr.write(`Wrote ${values.out}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
