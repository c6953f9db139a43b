import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { signalTree } from './processTree.js';
import { ResourceSampler, type ResourceSummary } from './ResourceSampler.js';
import { relayOutput, type OutputCount } from './relayOutput.js';

const SHELL = '/bin/sh';
const useWrapper = process.platform !== 'win32' && existsSync(SHELL);
// The command runs as the child of a tiny shell so that the shell's `times` can report the
// user and system CPU time of the command and everything it waited for (the kernel's own
// rusage accounting; Node exposes none for children). The report goes out on fd 3, which
// the command itself does not inherit. The traps keep the shell alive when INT or TERM hits
// the whole group, so it still reports and passes on the command's status (128+N when a
// signal ended the command, as any shell would).
const WRAPPER = 'trap : HUP INT TERM; "$@" 3>&-; s=$?; times >&3; exit $s';
const STREAM_DRAIN_MS = 500;

/** What one attempt needs; see {@link runAttempt}. */
export interface AttemptOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Stop the run after this long. */
  timeoutMs?: number;
  /** Time between INT, TERM and KILL when stopping the tree. */
  killGraceMs: number;
  sampleIntervalMs: number;
  stdin: 'inherit' | 'ignore';
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborting stops the run as Ctrl-C would (INT, then TERM, then KILL). */
  signal?: AbortSignal;
  /** Aborting kills the tree at once (a second Ctrl-C). */
  killSignal?: AbortSignal;
}

/** What happened in one attempt, measured. */
export interface AttemptOutcome {
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  /** The command's exit status; null when it never started or a signal ended the wrapper itself. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** The command could not be started at all. */
  spawnError?: Error;
  timedOut: boolean;
  interrupted: boolean;
  stdout: OutputCount;
  stderr: OutputCount;
  /** CPU seconds of the command and its waited-for descendants, where the platform tells. */
  cpuTimes?: { userSeconds: number; systemSeconds: number };
  resources: ResourceSummary;
}

/**
 * Runs a command once, streaming its output through while counting it, sampling its
 * process tree, and enforcing the timeout. The command gets its own process group
 * (`detached`), so a timeout or an abort stops every process it started and nothing else.
 */
export async function runAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  const startedAt = new Date();
  const started = process.hrtime.bigint();
  const child = useWrapper
    ? spawn(SHELL, ['-c', WRAPPER, 'runner-dash', options.command, ...options.args], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: [options.stdin, 'pipe', 'pipe', 'pipe'],
      })
    : spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env,
        // A detached child on Windows gets a console of its own; there taskkill /T stops the tree.
        detached: process.platform !== 'win32',
        stdio: [options.stdin, 'pipe', 'pipe'],
        windowsHide: true,
      });

  const out = relayOutput(child.stdout as Readable, options.stdout);
  const err = relayOutput(child.stderr as Readable, options.stderr);
  let timesReport = '';
  const timesStream = child.stdio[3] as Readable | null | undefined;
  timesStream?.setEncoding('latin1').on('data', (chunk: string) => (timesReport += chunk));
  const timesDone = timesStream ? new Promise((resolve) => timesStream.once('close', resolve)) : Promise.resolve();

  const pid = child.pid;
  const sampler =
    pid === undefined
      ? undefined
      : new ResourceSampler(pid, { intervalMs: options.sampleIntervalMs, includeRoot: !useWrapper });
  sampler?.start();

  let timedOut = false;
  let interrupted = false;
  let exited = false;
  let aimedAt: number[] = [];
  const escalation: NodeJS.Timeout[] = [];
  // Each rung of the ladder waits killGraceMs for the tree to end before the next, harder signal.
  const stopTree = (ladder: NodeJS.Signals[]): void => {
    if (pid === undefined || exited) return;
    escalation.forEach(clearTimeout);
    escalation.length = 0;
    ladder.forEach((signal, i) => {
      const send = (): void => {
        if (!exited) void signalTree(pid, signal, aimedAt).then((pids) => (aimedAt = pids));
      };
      if (i === 0) send();
      else escalation.push(setTimeout(send, options.killGraceMs * i));
    });
  };
  const timeout =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          if (interrupted) return;
          timedOut = true;
          stopTree(['SIGTERM', 'SIGKILL']);
        }, options.timeoutMs);
  const onAbort = (): void => {
    if (interrupted) return;
    interrupted = true;
    stopTree(timedOut ? ['SIGKILL'] : ['SIGINT', 'SIGTERM', 'SIGKILL']);
  };
  const onKill = (): void => {
    interrupted = true;
    stopTree(['SIGKILL']);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  options.killSignal?.addEventListener('abort', onKill, { once: true });
  if (options.signal?.aborted) onAbort();
  if (options.killSignal?.aborted) onKill();

  const ending = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  exited = true;
  const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const endedAt = new Date();
  clearTimeout(timeout);
  escalation.forEach(clearTimeout);
  options.signal?.removeEventListener('abort', onAbort);
  options.killSignal?.removeEventListener('abort', onKill);
  if ((timedOut || interrupted) && pid !== undefined) {
    // The run was being stopped: whatever of its tree outlived the root goes now.
    await signalTree(pid, 'SIGKILL', aimedAt);
  }

  const resources = (await sampler?.stop()) ?? { sampleCount: 0 };
  // A background process that kept our pipes open must not keep us waiting for ever.
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    Promise.all([out.done, err.done, timesDone]).then(() => true),
    new Promise<boolean>((resolve) => (drainTimer = setTimeout(resolve, STREAM_DRAIN_MS, false))),
  ]);
  clearTimeout(drainTimer);
  if (!drained) {
    for (const stream of [child.stdout, child.stderr, timesStream]) stream?.destroy();
  }

  return {
    startedAt,
    endedAt,
    durationSeconds,
    exitCode: ending.code,
    exitSignal: ending.signal,
    ...(ending.error ? { spawnError: ending.error } : {}),
    timedOut,
    interrupted,
    stdout: out.count,
    stderr: err.count,
    ...(parseTimes(timesReport) ?? {}),
    resources,
  };
}

// POSIX `times`: the shell's own user/system time on the first line, its children's on
// the second, each as `<minutes>m<seconds>s` (bash and dash differ only in decimals).
function parseTimes(report: string): Pick<AttemptOutcome, 'cpuTimes'> | undefined {
  const line = report.trim().split('\n')[1];
  const match = line === undefined ? null : /(\d+)m(\d+(?:[.,]\d+)?)s\s+(\d+)m(\d+(?:[.,]\d+)?)s/.exec(line);
  if (match === null) return undefined;
  const seconds = (minutes: string, secs: string): number => Number(minutes) * 60 + Number(secs.replace(',', '.'));
  return {
    cpuTimes: {
      userSeconds: seconds(match[1] as string, match[2] as string),
      systemSeconds: seconds(match[3] as string, match[4] as string),
    },
  };
}
