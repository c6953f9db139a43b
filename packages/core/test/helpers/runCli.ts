import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** What one in-process CLI run answered. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** How the CLI's output streams behave. */
export interface RunCliOptions {
  /** stderr claims to be a terminal (progress bars are drawn only there). */
  tty?: boolean;
  /** Small buffers whose writes complete a tick later, so a command must honour back-pressure. */
  backPressure?: boolean;
}

/** Runs `runner-dash ...argv` in-process and returns its exit code and everything it printed. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      ...(options.backPressure ? { highWaterMark: 1024 } : {}),
      write(chunk, _enc, done) {
        append(String(chunk));
        if (options.backPressure) setImmediate(done);
        else done();
      },
    });
  const stderr = sink((s) => (err += s));
  if (options.tty) Object.assign(stderr, { isTTY: true });
  const code = await main([...argv], { stdout: sink((s) => (out += s)), stderr });
  return { code, out, err };
}
