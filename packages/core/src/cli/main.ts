import { isHistoryError } from '../errors.js';
import { version } from '../version.js';
import { isUsageError, type CliIO, type Command } from './Command.js';

// Each subcommand lives in its own file under commands/; register it here. Loaded only
// when asked for: importing every command's code cost ~50 ms at each start, which every
// `runner-dash run` paid on top of the script it records.
const commands: Record<string, () => Promise<Command>> = {
  stats: async () => (await import('./commands/stats.js')).statsCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  prune: async () => (await import('./commands/prune.js')).pruneCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  db: async () => (await import('./commands/db.js')).dbCommand,
  migrate: async () => (await import('./commands/migrate.js')).migrateCommand,
  spool: async () => (await import('./commands/spool.js')).spoolCommand,
};

async function overview(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()));
  const width = Math.max(...all.map((c) => c.name.length), 4);
  return [
    'runner-dash — see how your scripts behave over time',
    '',
    'usage: runner-dash <command> [options]',
    '',
    'commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
    io.stdout.write((await overview()) + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`runner-dash ${version}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr.write(`runner-dash: unknown command '${name}'. Run 'runner-dash --help' for the list.\n`);
    return 2;
  }
  const command = await load();
  // Past a `--` the words belong to someone else (`runner-dash run -- tool --help`).
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (isUsageError(err)) {
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
