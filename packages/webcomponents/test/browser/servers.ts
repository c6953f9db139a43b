import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoHistory, HistoryWriter, type DemoSummary } from '@runner-dash/core';

export const FIXTURE = '/work/shared/fixtures/python-script-runner-history.db';
/** "Now" of every time window over the fixture. */
export const FIXTURE_NOW = '2026-11-28T02:00:00';
/** The fixture's script that gets slower each run. */
export const SLOWING_SCRIPT = 'jobs/slow_growing.py';

/** A temp folder removed by {@link TempDir.remove}. */
export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'runner-dash-wc-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A copy of the fixture (the server and the tests may write to it; never to the original). */
export function copyFixture(dir: TempDir): string {
  const dbPath = join(dir.path, 'history.db');
  copyFileSync(FIXTURE, dbPath);
  return dbPath;
}

/** A small demo history (a few thousand runs, 60 days up to now) in `dir`. */
export function makeDemo(dir: TempDir, runs = 3000): DemoSummary {
  return generateDemoHistory(join(dir.path, 'demo.db'), { runs, days: 60, seed: 7 });
}

/** A running server process. */
export interface ServerProcess {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A real runner-dash server on 127.0.0.1 (port 0 unless given) over `dbPath`, in its own
 * process (see serveHistory.ts for why).
 */
export async function serve(
  dbPath: string,
  options: { port?: number; token?: string; now?: string } = {},
): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./serveHistory.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', script, JSON.stringify({ dbPath, ...options })],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const { url, port } = JSON.parse(first) as { url: string; port: number };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    port,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** GET JSON from the API (with the total count header when there is one). */
export async function api<T>(base: string, path: string, token?: string): Promise<{ body: T; total: number | null }> {
  const response = await fetch(new URL(path, base), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const total = response.headers.get('X-Total-Count');
  return { body: (await response.json()) as T, total: total === null ? null : Number(total) };
}

/** Records one successful run of `script` into the history, as the recorder would; returns its id. */
export function recordRun(dbPath: string, script: string, seconds: number): number {
  const writer = HistoryWriter.open(dbPath);
  try {
    const start = new Date(Date.now() - seconds * 1000);
    const iso = (d: Date) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
    };
    return writer.record({
      script_path: script,
      start_time: iso(start),
      end_time: iso(new Date()),
      execution_time_seconds: seconds,
      exit_code: 0,
      success: true,
      metrics: { execution_time_seconds: seconds, cpu_max: 12.5, memory_max_mb: 20.25 },
    });
  } finally {
    writer.close();
  }
}

/** A plain static web server on another port serving one HTML page at `/`, with extra response headers. */
export async function staticPage(
  html: string,
  headers: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The built bundle (tests run against what ships). */
export function bundleText(): string {
  return readFileSync(new URL('../../dist/runner-dash.js', import.meta.url), 'utf8');
}
