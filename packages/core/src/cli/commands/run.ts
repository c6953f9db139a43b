import { DEFAULT_HISTORY_FILE } from '../../recorder/defaultHistoryFile.js';
import type { RecordRunOptions } from '../../recorder/recordRun.js';
import { UsageError, type CliIO, type Command } from '../Command.js';

const usage = `usage: runner-dash run [options] [--] COMMAND [ARGS...]

Runs COMMAND (a *.py path runs with the Python interpreter; "python3 x.py" is recorded
as x.py, like the bare form) with its output shown live,
samples its CPU and memory, and records each attempt in the history database in the
format Python Script Runner writes. Exits with the command's exit code, 124 after a
timeout, 130 after Ctrl-C (the run is still recorded).

options:
  --db FILE|URL          history database file (created when absent) or postgres:// URL (default ${DEFAULT_HISTORY_FILE})
  --server URL           record to a runner-dash-server started with --ingest instead of a file;
                         when it cannot be reached the run waits in a local spool and is sent later
  --token TOKEN          the server's token (default: $RUNNER_DASH_TOKEN)
  --timeout SECONDS      stop the command and everything it started after SECONDS (fractions allowed)
  --retry N              up to N more attempts after a failed one (default 0)
  --retry-delay SECONDS  pause between attempts (default 0)
  --python CMD           interpreter for *.py commands (default python3)

Options end at the command or at "--"; put "--" first when the command takes --help.
example: runner-dash run --timeout 60 --retry 2 jobs/nightly.py --full`;

/** `runner-dash run`: the recorder. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a script or command and record its metrics in the history',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { server, token, ...options } = parseRunArgs(args);
    // Loaded here, not at the top: every other command would pay for the recorder's imports.
    const { recordRun } = await import('../../recorder/recordRun.js');
    const remote = server === undefined ? undefined : await openRemote(server, token ?? process.env.RUNNER_DASH_TOKEN);
    // Ctrl-C reaches only us (the command has its own process group): stop it, record, then exit.
    const controller = new AbortController();
    const force = new AbortController();
    let received: NodeJS.Signals | undefined;
    // The first signal lets the command clean up (INT, TERM, KILL a grace period apart); a second one insists.
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received === undefined) received = signal;
      else force.abort(signal);
      controller.abort(signal);
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, onSignal);
    try {
      const result = await recordRun({
        ...options,
        writer: remote?.writer,
        stdout: io.stdout,
        stderr: io.stderr,
        signal: controller.signal,
        killSignal: force.signal,
      });
      const last = result.attempts.at(-1);
      if (io.stderr.isTTY && last?.executionId !== undefined) {
        io.stderr.write(
          `runner-dash: recorded run ${last.executionId} (${last.execution.execution_time_seconds} s, ` +
            `exit code ${last.execution.exit_code}) in ${remote?.writer.location ?? options.db ?? DEFAULT_HISTORY_FILE}\n`,
        );
      }
      // The server took this run, so it is up: send what earlier runs left in the spool.
      if (remote && last?.executionId !== undefined) await remote.flush(io);
      if (received === 'SIGTERM') return 143;
      if (received === 'SIGHUP') return 129;
      return result.exitCode;
    } finally {
      for (const s of signals) process.off(s, onSignal);
    }
  },
};

type RunArgs = Pick<
  RecordRunOptions,
  'command' | 'args' | 'db' | 'timeoutSeconds' | 'retries' | 'retryDelaySeconds' | 'python'
> & { server?: string; token?: string };

/** Reads `run`'s command line: options up to the command (or `--`), the rest belongs to the command. */
export function parseRunArgs(args: string[]): RunArgs {
  const parsed: Partial<RunArgs> = {};
  let i = 0;
  const valueOf = (flag: string, inline: string | undefined): string => {
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    return value;
  };
  const seconds = (flag: string, text: string, allowZero: boolean): number => {
    const n = Number(text);
    if (!/^\s*[\d.]+\s*$/.test(text) || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new UsageError(`${flag} must be a number of seconds${allowZero ? '' : ' above 0'}, not '${text}'`);
    }
    return n;
  };
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    switch (flag) {
      case '--db':
        parsed.db = valueOf(flag, inline);
        break;
      case '--timeout':
        parsed.timeoutSeconds = seconds(flag, valueOf(flag, inline), false);
        break;
      case '--retry': {
        const text = valueOf(flag, inline);
        if (!/^\d+$/.test(text)) throw new UsageError(`--retry must be a whole number of attempts, not '${text}'`);
        parsed.retries = Number(text);
        break;
      }
      case '--retry-delay':
        parsed.retryDelaySeconds = seconds(flag, valueOf(flag, inline), true);
        break;
      case '--python':
        parsed.python = valueOf(flag, inline);
        break;
      case '--server':
        parsed.server = valueOf(flag, inline);
        break;
      case '--token':
        parsed.token = valueOf(flag, inline);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (parsed.server !== undefined && parsed.db !== undefined)
    throw new UsageError('--db and --server exclude each other: record to a file or to a server');
  if (parsed.token !== undefined && parsed.server === undefined) throw new UsageError('--token goes with --server URL');
  const [command, ...rest] = args.slice(i);
  if (command === undefined || command === '')
    throw new UsageError('which command should run? e.g. runner-dash run job.py');
  return { ...parsed, command, args: rest };
}

/**
 * The spooling remote writer of `run --server`, opened before the command runs so that a
 * bad URL or a missing token fail first.
 */
async function openRemote(server: string, token: string | undefined) {
  if (token === undefined || token === '')
    throw new UsageError('--server needs the token of the server: pass --token TOKEN or set RUNNER_DASH_TOKEN');
  const { RemoteHistoryWriter } = await import('../../store/remote/RemoteHistoryWriter.js');
  const { RunSpool } = await import('../../store/remote/RunSpool.js');
  const { SpoolingHistoryWriter } = await import('../../store/remote/SpoolingHistoryWriter.js');
  const { flushSpool } = await import('../../store/remote/flushSpool.js');
  const { describeFlush } = await import('../describeFlush.js');
  let remote: InstanceType<typeof RemoteHistoryWriter>;
  try {
    remote = new RemoteHistoryWriter(server, { token });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const spool = new RunSpool();
  return {
    writer: new SpoolingHistoryWriter(remote, spool),
    async flush(io: CliIO): Promise<void> {
      const result = await flushSpool(spool, remote);
      for (const line of describeFlush(result, remote.location, { quietWhenEmpty: true }))
        io.stderr.write(`runner-dash: ${line}\n`);
    },
  };
}
