import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import { UsageError, type CliIO, type Command } from '../Command.js';

const usage = `usage: runner-dash prune --older-than DAYS [--db FILE|URL]

Deletes the runs that started more than DAYS days ago, with their metrics and alerts,
in one transaction, and prints how many rows went. The file keeps its size until
SQLite reuses the freed pages (run \`sqlite3 FILE VACUUM\` to shrink it).

options:
  --older-than DAYS  whole days to keep (required; 0 removes everything before now)
  --db FILE|URL      history database file or postgres:// URL (default ${DEFAULT_HISTORY_FILE})`;

/** `runner-dash prune`: forget old runs. */
export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete runs older than N days (with their metrics and alerts)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { days, db } = parsePruneArgs(args);
    // Loaded on use so that other commands do not pay for the write path.
    const { openHistoryWriter } = await import('../../store/openHistoryWriter.js');
    const writer = await openHistoryWriter(db, { create: false });
    try {
      const removed = await writer.pruneOlderThan(days);
      const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
      io.stdout.write(
        `Removed ${plural(removed.executions, 'execution')}, ${plural(removed.metrics, 'metric')} and ` +
          `${plural(removed.alerts, 'alert')} (runs started before ${removed.before}) from ${writer.location}\n`,
      );
      return 0;
    } finally {
      await writer.close();
    }
  },
};

function parsePruneArgs(args: string[]): { days: number; db: string } {
  let days: number | undefined;
  let db = DEFAULT_HISTORY_FILE;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = flag !== arg ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--older-than') {
      const text = value();
      if (!/^\d+$/.test(text)) throw new UsageError(`--older-than must be a whole number of days, not '${text}'`);
      days = Number(text);
    } else if (flag === '--db') {
      db = value();
    } else {
      throw new UsageError(`unexpected argument '${arg}'`);
    }
  }
  if (days === undefined) throw new UsageError('--older-than DAYS is required (how many days of runs to keep)');
  return { days, db };
}
