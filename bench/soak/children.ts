/** The soak's other processes: the server (its real CLI), the recorder loop and runner.py's writer. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_BIN = fileURLToPath(new URL('../../packages/server/bin/runner-dash-server.js', import.meta.url));
const RECORDER_LOOP = fileURLToPath(new URL('./recorderLoop.ts', import.meta.url));
const PYTHON_WRITER = fileURLToPath(new URL('./python_writer.py', import.meta.url));

/** A child process with everything it printed, and how it ended. */
export interface Child {
  name: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(name: string, command: string, args: string[], onLine?: (line: string) => void): Child {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) onLine?.(line);
  });
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, process: child, output: () => output, exited };
}

/** Starts `runner-dash-server` (the built CLI) on a free loopback port; resolves once it listens. */
export async function startServerProcess(dbPath: string): Promise<Child & { url: string }> {
  const child = start('server', process.execPath, [SERVER_BIN, '--db', dbPath, '--port', '0', '--host', '127.0.0.1']);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /dashboard at (http:\/\/\S+\/)/.exec(child.output());
    if (match) return { ...child, url: match[1]! };
    if (child.process.exitCode !== null || Date.now() > deadline)
      throw new Error(`runner-dash-server did not start (is packages/server built?):\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A writer process and the execution ids it reports committed. */
export interface Writer extends Child {
  ids: number[];
  errors: string[];
}

function writer(name: string, command: string, args: string[]): Writer {
  const ids: number[] = [];
  const errors: string[] = [];
  const child = start(name, command, args, (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as { id?: number; error?: string };
    if (message.id !== undefined) ids.push(message.id);
    if (message.error !== undefined) errors.push(message.error);
  });
  return { ...child, ids, errors };
}

/** Records a run of `command` through core's recorder every `everyMs`. */
export function startRecorder(dbPath: string, cwd: string, command: string, everyMs: number): Writer {
  return writer('recorder', process.execPath, [
    '--conditions=development',
    '--import',
    'tsx',
    RECORDER_LOOP,
    '--db',
    dbPath,
    '--cwd',
    cwd,
    '--command',
    command,
    '--every-ms',
    String(everyMs),
  ]);
}

/** Writes a run with Python's sqlite3 module, as runner.py does, every `everyMs`. */
export function startPythonWriter(dbPath: string, everyMs: number): Writer {
  return writer('python writer', 'python3', [PYTHON_WRITER, dbPath, String(everyMs)]);
}
