import { isHistoryError } from '../errors.js';
import { version } from '../version.js';
import { UsageError, type CliIO, type Command } from './Command.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { statsCommand } from './commands/stats.js';
import { runCommand } from './commands/run.js';
import { pruneCommand } from './commands/prune.js';
import { checkCommand } from './commands/check.js';
import { dbCommand } from './commands/db.js';
import { migrateCommand } from './commands/migrate.js';
import { spoolCommand } from './commands/spool.js';

// Each subcommand lives in its own file under commands/; register it here.
const commands: Command[] = [
  statsCommand,
  exportCommand,
  demoCommand,
  runCommand,
  pruneCommand,
  checkCommand,
  dbCommand,
  migrateCommand,
  spoolCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'runner-dash — see how your scripts behave over time',
    '',
    'usage: runner-dash <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `runner-dash <command> --help` for a command's options.",
  ].join('\n');
}

/**
 * Entry point of the `runner-dash` CLI. Returns the exit code instead of exiting so
 * that tests can call it in-process.
 */
export async function main(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`runner-dash ${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`runner-dash: unknown command '${name}'. Run 'runner-dash --help' for the list.\n`);
    return 2;
  }
  // Past a `--` the words belong to someone else (`runner-dash run -- tool --help`).
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`runner-dash ${name}: ${err.message} (see 'runner-dash ${name} --help')\n`);
      return 2;
    }
    if (isHistoryError(err)) {
      io.stderr.write(`runner-dash ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
