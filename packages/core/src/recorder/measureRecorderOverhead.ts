import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Options of {@link measureRecorderOverhead}. */
export interface OverheadOptions {
  /** Timed runs of each variant (after one warm-up each). Default 10. */
  runs?: number;
  /** The command to run directly and under the recorder. Default `['true']`. */
  command?: string[];
}

/** Wall-clock medians of a command run directly and through `runner-dash run`. */
export interface OverheadMeasurement {
  runs: number;
  command: string[];
  directMedianMs: number;
  recordedMedianMs: number;
  /** `recordedMedianMs − directMedianMs`: what recording costs (design target ≤ 100 ms). */
  overheadMs: number;
}

const BIN = fileURLToPath(new URL('../../bin/runner-dash.js', import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Measures the recorder's overhead the way hyperfine would: the median wall time of
 * `command` spawned directly against `node bin/runner-dash.js run --db <temp> -- command`
 * (the real CLI, process start-up included), the two variants interleaved so that machine
 * load affects both alike. Needs core built (`npx tsc -b packages/core`).
 */
export async function measureRecorderOverhead(options: OverheadOptions = {}): Promise<OverheadMeasurement> {
  const runs = options.runs ?? 10;
  const command = options.command ?? ['true'];
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer (got ${runs})`);
  if (command.length === 0) throw new RangeError('command must name a program');
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing; build core first (npx tsc -b packages/core)`);
  const dir = mkdtempSync(join(tmpdir(), 'runner-dash-overhead-'));
  const recorded = [process.execPath, BIN, 'run', '--db', join(dir, 'history.db'), '--', ...command];
  try {
    const direct: number[] = [];
    const viaRecorder: number[] = [];
    await timeRun(command);
    await timeRun(recorded);
    for (let i = 0; i < runs; i++) {
      direct.push(await timeRun(command));
      viaRecorder.push(await timeRun(recorded));
    }
    const directMedianMs = median(direct);
    const recordedMedianMs = median(viaRecorder);
    return { runs, command, directMedianMs, recordedMedianMs, overheadMs: recordedMedianMs - directMedianMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeRun([program, ...args]: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = process.hrtime.bigint();
    const child = spawn(program as string, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - began) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${[program, ...args].join(' ')} exited with ${code}`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
