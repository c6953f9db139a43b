/**
 * Child process of the soak: records a run through core's recorder (the code behind
 * `runner-dash run`) every `--every-ms` into `--db`, printing each committed execution id
 * as a JSON line, until its stdin closes or it gets SIGTERM (the run in flight is still
 * recorded, as `runner-dash run` does on Ctrl-C).
 *
 *   node --conditions=development --import tsx bench/soak/recorderLoop.ts --db FILE --cwd DIR --command ./job.sh
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { recordRun } from '@runner-dash/core';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    cwd: { type: 'string' },
    command: { type: 'string' },
    'every-ms': { type: 'string', default: '250' },
  },
});
const everyMs = Number(values['every-ms']);
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort('SIGTERM'));
process.stdin.on('data', () => undefined);
process.stdin.once('end', () => stop.abort('end of input'));

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const say = (line: object): boolean => process.stdout.write(`${JSON.stringify(line)}\n`);

while (!stop.signal.aborted) {
  const started = Date.now();
  const result = await recordRun({
    command: values.command!,
    cwd: values.cwd,
    db: values.db,
    stdin: 'ignore',
    stdout: discard,
    stderr: process.stderr,
    signal: stop.signal,
  });
  for (const attempt of result.attempts) {
    if (attempt.executionId !== undefined) say({ id: attempt.executionId });
    if (attempt.recordError) say({ error: attempt.recordError.message });
  }
  const rest = everyMs - (Date.now() - started);
  if (rest > 0 && !stop.signal.aborted)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, rest);
      stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
}
process.stdin.destroy();
