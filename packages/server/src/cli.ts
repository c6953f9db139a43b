import { resolve } from 'node:path';
import {
  DEFAULT_HISTORY_FILE,
  ensureDemoDatabase,
  isHistoryError,
  isPostgresUrl,
  redactPostgresUrl,
} from '@runner-dash/core';
import { isLoopback, parseCommandLine, USAGE, UsageError } from './cli/parseCommandLine.js';
import { consoleLogger } from './Logger.js';
import { PortInUseError, startServer, type RunningServer } from './startServer.js';
import { version } from './version.js';

/** Where the CLI writes and what it reads; tests pass their own. */
export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM by default). */
  stopSignal?: Promise<string>;
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second signal while shutting down means "now".
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `runner-dash-server`: starts the dashboard and resolves with the exit code once it has
 * stopped (0 after SIGINT/SIGTERM; 2 for usage mistakes, an unusable database or a taken port).
 */
export async function main(
  argv: string[],
  io: CliEnvironment = { env: process.env, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const say = (line: string): boolean => io.stdout.write(`${line}\n`);
  const complain = (line: string): boolean => io.stderr.write(`runner-dash-server: ${line}\n`);
  let server: RunningServer;
  let dbPath: string;
  let ingest: boolean;
  let stop: Promise<string> | undefined;
  try {
    const command = parseCommandLine(argv, io.env);
    if (command.action === 'help') return (say(USAGE.trimEnd()), 0);
    if (command.action === 'version') return (say(`runner-dash-server ${version}`), 0);
    // Listening for signals before anything is printed: a supervisor that reads the start line and
    // stops us at once must get a clean shutdown, not Node's default exit.
    stop = io.stopSignal ?? nextStopSignal();
    if (command.demo) {
      const demo = ensureDemoDatabase();
      dbPath = demo.path;
      say(
        `runner-dash-server: demo database ${demo.generated ? 'generated' : 'reused'} at ${demo.path} (renewed when over a day old)`,
      );
    } else {
      // A postgres:// URL names a shared history; anything else is a file path.
      const db = command.db ?? DEFAULT_HISTORY_FILE;
      dbPath = isPostgresUrl(db) ? db : resolve(db);
    }
    if (!isLoopback(command.host) && !command.token)
      complain(
        `warning: listening on ${command.host} without --token: anyone who can reach this machine can read your run history. ` +
          'Add --token TOKEN, or bind to 127.0.0.1.',
      );
    server = await startServer({
      dbPath,
      host: command.host,
      port: command.port,
      token: command.token,
      corsOrigins: command.corsOrigins,
      basePath: command.basePath,
      notifyWebhook: command.notifyWebhook,
      metricsMaxScripts: command.metricsMaxScripts,
      ingest: command.ingest,
      log: consoleLogger,
    });
    ingest = command.ingest;
  } catch (err) {
    if (err instanceof UsageError) return (complain(`${err.message} (see 'runner-dash-server --help')`), 2);
    if (err instanceof RangeError) return (complain(err.message), 2);
    if (isHistoryError(err) || err instanceof PortInUseError) return (complain(err.message), 2);
    throw err;
  }
  say(`runner-dash-server: dashboard at ${server.url} — reading ${redactPostgresUrl(dbPath)}`);
  if (ingest) say(`runner-dash-server: accepting runs at ${server.url}api/ingest/executions (token required)`);
  const signal = await stop;
  say(`runner-dash-server: ${signal}: stopping`);
  await server.close();
  return 0;
}
