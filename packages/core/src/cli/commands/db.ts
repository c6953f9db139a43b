import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import { UsageError, type CliIO, type Command } from '../Command.js';
import { parseFlags } from '../parseFlags.js';

const usage = `usage: runner-dash db init [--db FILE|URL]

Creates the history tables and indexes (design.md §2) where they are missing, and nothing
else: an existing history is left as it is. With a postgres:// URL (the database itself must
exist — createdb) it also installs the change triggers that let every server reading the
database hear each run as soon as it is committed, and the ingest_keys table.

options:
  --db FILE|URL  a SQLite file (created with runner.py's exact schema) or
                 postgres://user[:password]@host[:port]/database (default ${DEFAULT_HISTORY_FILE})`;

/** `runner-dash db init`: create a history's tables. */
export const dbCommand: Command = {
  name: 'db',
  summary: 'db init: create the history tables in a file or a PostgreSQL database',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const [action, ...rest] = args;
    if (action !== 'init') {
      throw new UsageError(
        action === undefined ? 'say what to do: db init' : `unknown db action '${action}' (try init)`,
      );
    }
    const db = parseFlags(rest, ['--db'])['--db'] ?? DEFAULT_HISTORY_FILE;
    // Loaded on use so that other commands do not pay for the write path.
    const { openHistoryWriter } = await import('../../store/openHistoryWriter.js');
    const writer = await openHistoryWriter(db, { create: true });
    await writer.close();
    io.stdout.write(`History tables ready in ${writer.location}\n`);
    return 0;
  },
};
