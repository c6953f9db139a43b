import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where install-code-server.sh puts code-server when CI does not say (RUNNER_DASH_CODE_SERVER). */
export const DEFAULT_CODE_SERVER = join(homedir(), '.cache', 'runner-dash-e2e', 'node_modules', '.bin', 'code-server');

/** The code-server binary, or undefined when it is not installed. */
export function findCodeServer(): string | undefined {
  const path = process.env.RUNNER_DASH_CODE_SERVER || DEFAULT_CODE_SERVER;
  return existsSync(path) ? path : undefined;
}

/** code-server 4.104 needs Node 22 first on PATH: the one running the tests. */
// The extension gallery points at a closed loopback port: the test reaches nothing outside.
function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/item',
    }),
  };
}

/** A running code-server on loopback. */
export interface CodeServer {
  url: string;
  stop(): Promise<void>;
}

/** Installs a .vsix into an extensions folder (`--install-extension`). */
export async function installExtension(bin: string, dataDir: string, vsix: string): Promise<void> {
  await run(bin, ['--extensions-dir', join(dataDir, 'ext'), '--install-extension', vsix], {
    env: env(),
    timeout: 60_000,
  });
}

/** Writes the user settings code-server starts with (and re-reads when they change). */
export function writeUserSettings(dataDir: string, settings: Record<string, unknown>): void {
  const dir = join(dataDir, 'user', 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on 127.0.0.1 with a free port, no auth, no telemetry or update
 * checks, its own user data and extensions folders; resolves once it listens.
 */
export function startCodeServer(bin: string, dataDir: string, workspace: string): Promise<CodeServer> {
  const child: ChildProcess = spawn(
    bin,
    [
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(dataDir, 'user'),
      '--extensions-dir',
      join(dataDir, 'ext'),
      workspace,
    ],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      // Its own process group: the extension host and its children go with it.
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`code-server did not start within 60 s:\n${log.slice(-2000)}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(log);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining its output so it never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ url: match[1]!, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${log.slice(-2000)}`));
    });
  });
}
