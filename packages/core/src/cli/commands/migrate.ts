import { UsageError, type CliIO, type Command } from '../Command.js';
import { parseFlags } from '../parseFlags.js';
import { progressReporter } from '../progressReporter.js';

const usage = `usage: runner-dash migrate --from FILE --to postgres://user[:password]@host[:port]/database

Copies a whole SQLite history (runner.py's, or one runner-dash recorded) into PostgreSQL,
creating the tables there when needed. Runs keep their ids and each batch is one
transaction, so an interrupted migration can be run again, and running it again copies only
runs that are new in the file — never one twice. A progress bar shows on a terminal.

options:
  --from FILE  the SQLite history to copy (read only, never changed)
  --to URL     the PostgreSQL database (it must exist — createdb)`;

/** `runner-dash migrate`: copy a file's history into PostgreSQL. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'copy a SQLite history into PostgreSQL (safe to run again)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { '--from': from, '--to': to } = parseFlags(args, ['--from', '--to']);
    if (from === undefined) throw new UsageError('--from FILE is required (the SQLite history to copy)');
    if (to === undefined) throw new UsageError('--to postgres://… is required (the database to copy into)');
    if (!/^postgres(ql)?:\/\//i.test(to)) throw new UsageError(`--to must be a postgres:// URL, not '${to}'`);
    const { migrateHistory } = await import('../../store/migrateHistory.js');
    const result = await migrateHistory(from, to, { onProgress: progressReporter(io.stderr, 'Copying runs') });
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stdout.write(
      `Copied ${plural(result.executions, 'run')} with ${plural(result.metrics, 'metric')} and ` +
        `${plural(result.alerts, 'alert')} from ${result.from} to ${result.to}` +
        (result.skipped ? `; ${plural(result.skipped, 'run')} were already there\n` : '\n'),
    );
    return 0;
  },
};
