import { UsageError, type CliIO, type Command } from '../Command.js';

const usage = `usage: runner-dash spool flush --server URL [--token TOKEN]
       runner-dash spool list

Runs recorded with 'runner-dash run --server URL' while that server could not be reached
wait in a local spool (one file per run; RUNNER_DASH_SPOOL_DIR, else ~/.cache/runner-dash/spool)
until they are sent: by the next 'runner-dash run --server URL', or by 'spool flush'.
Each run carries an idempotency key, so sending it again never records it twice.

commands:
  flush   send the runs waiting for URL, oldest first; exit 1 when some still wait
  list    show the waiting runs (and any a server refused for good)

options:
  --server URL    the runner-dash-server (started with --ingest) the runs were meant for
  --token TOKEN   its token (default: $RUNNER_DASH_TOKEN)`;

/** `runner-dash spool`: see and send the runs waiting for a remote history. */
export const spoolCommand: Command = {
  name: 'spool',
  summary: 'list or send runs kept locally while their server was unreachable',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const [action, ...rest] = args;
    const flags = parseFlags(rest);
    const { RunSpool } = await import('../../store/remote/RunSpool.js');
    const spool = new RunSpool();
    if (action === 'list') {
      const { runs, unreadable } = spool.list();
      for (const r of runs)
        io.stdout.write(`${r.spooled_at}  ${r.server}  ${r.run.script_path}  (${r.run.start_time})  ${r.file}\n`);
      for (const file of spool.rejected()) io.stdout.write(`rejected  ${file}\n`);
      if (runs.length === 0) io.stdout.write(`no runs waiting in ${spool.dir}\n`);
      return unreadable.length > 0 ? 1 : 0;
    }
    if (action !== 'flush')
      throw new UsageError(action === undefined ? 'flush or list?' : `unknown action '${action}'`);
    if (flags.server === undefined) throw new UsageError('flush needs --server URL');
    const token = flags.token ?? process.env.RUNNER_DASH_TOKEN;
    if (token === undefined || token === '')
      throw new UsageError('flush needs the token of the server: pass --token TOKEN or set RUNNER_DASH_TOKEN');
    const { RemoteHistoryWriter } = await import('../../store/remote/RemoteHistoryWriter.js');
    const { flushSpool } = await import('../../store/remote/flushSpool.js');
    const { describeFlush } = await import('../describeFlush.js');
    let remote: InstanceType<typeof RemoteHistoryWriter>;
    try {
      remote = new RemoteHistoryWriter(flags.server, { token });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const result = await flushSpool(spool, remote);
    for (const line of describeFlush(result, remote.location)) io.stderr.write(`runner-dash: ${line}\n`);
    return result.remaining > 0 || result.rejected.length > 0 ? 1 : 0;
  },
};

function parseFlags(args: string[]): { server?: string; token?: string } {
  const flags: { server?: string; token?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (flag !== '--server' && flag !== '--token') throw new UsageError(`unknown option ${arg}`);
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    flags[flag === '--server' ? 'server' : 'token'] = value;
  }
  return flags;
}
