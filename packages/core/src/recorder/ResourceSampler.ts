import type pidusage from 'pidusage';
import { listDescendants } from './processTree.js';

/** CPU and memory of a process tree over one run, summarised as runner.py does. */
export interface ResourceSummary {
  sampleCount: number;
  /** Percent of one core (200 = two cores busy), summed over the tree; absent without samples. */
  cpuAvg?: number;
  cpuMax?: number;
  cpuMin?: number;
  /** Resident memory of the whole tree in MiB (runner.py's "MB"). */
  memoryAvgMb?: number;
  memoryMaxMb?: number;
  memoryMinMb?: number;
}

/** Options of {@link ResourceSampler}. */
export interface ResourceSamplerOptions {
  /** Time between samples. Default 100 ms (runner.py's rate). */
  intervalMs?: number;
  /** Delay of the first sample, so runs shorter than one interval still get one. Default 10 ms. */
  firstSampleMs?: number;
  /** Count the root process itself. False when the root is the recorder's tiny `sh` wrapper. */
  includeRoot?: boolean;
}

// Loaded with the first sample: a command that ends sooner never pays for it.
let loadPidusage: Promise<typeof pidusage> | undefined;

// pidusage keeps each pid's previous reading (and an open /proc fd) this long; the CPU
// percentage of a sample is the CPU time used since that previous reading.
const PIDUSAGE_MAXAGE_MS = 5000;

/**
 * Samples CPU% and resident memory of a process tree with pidusage until stopped. As
 * with runner.py's psutil, a process's first reading has no earlier one to compare
 * against and so reports 0% CPU.
 */
export class ResourceSampler {
  // Running aggregates rather than every sample: a run may last for days.
  private readonly cpu = new Aggregate();
  private readonly memoryMb = new Aggregate();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly rootPid: number,
    private readonly options: ResourceSamplerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive (got ${this.intervalMs})`);
  }

  /** Starts sampling: a first sample soon, then one every interval. */
  start(): void {
    this.schedule(this.options.firstSampleMs ?? 10);
  }

  /** Stops sampling (waiting for a sample under way) and summarises what was seen. */
  async stop(): Promise<ResourceSummary> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    if (this.cpu.count === 0) return { sampleCount: 0 };
    return {
      sampleCount: this.cpu.count,
      cpuAvg: this.cpu.sum / this.cpu.count,
      cpuMax: this.cpu.max,
      cpuMin: this.cpu.min,
      memoryAvgMb: this.memoryMb.sum / this.memoryMb.count,
      memoryMaxMb: this.memoryMb.max,
      memoryMinMb: this.memoryMb.min,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const began = Date.now();
      // Sampling is best effort: a failed sample is a missing sample, never a failed run.
      this.inFlight = this.sample()
        .catch(() => undefined)
        .finally(() => {
          this.inFlight = undefined;
          // Keep the cadence: a slow sample shortens the wait before the next one.
          this.schedule(Math.max(0, this.intervalMs - (Date.now() - began)));
        });
    }, delayMs);
  }

  private async sample(): Promise<void> {
    const descendants = await listDescendants(this.rootPid);
    const pids = this.options.includeRoot === false ? descendants : [this.rootPid, ...descendants];
    if (pids.length === 0 || this.stopped) return;
    // pidusage reports a pid that vanished mid-read as null (several pids) or an error (one).
    let stats: Record<string, pidusage.Status | null | undefined>;
    try {
      loadPidusage ??= import('pidusage').then((m) => m.default);
      stats = await (await loadPidusage)(pids, { maxage: PIDUSAGE_MAXAGE_MS });
    } catch {
      return; // a lone pid that exited between listing and reading: no sample
    }
    let cpu = 0;
    let memory = 0;
    let seen = 0;
    for (const pid of pids) {
      const s = stats[pid];
      if (s == null) continue;
      cpu += s.cpu;
      memory += s.memory;
      seen++;
    }
    if (seen === 0) return;
    this.cpu.add(cpu);
    this.memoryMb.add(memory / (1024 * 1024));
  }
}

class Aggregate {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}
