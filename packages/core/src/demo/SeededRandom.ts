/**
 * A small, fast, seeded pseudo-random generator (sfc32) with the distributions the demo
 * history needs. `Math.random` cannot be seeded, and the demo must be reproducible: the
 * same seed gives the same database, byte for byte in its rows.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (0 included) over the four words of state.
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /**
   * A generator started from four explicit state words instead of a seed, then advanced
   * `warmUp` steps. For streams fixed before the splitmix32 seeding existed (the detection
   * benchmark's corpus), which must stay identical run after run.
   */
  static fromState(words: readonly [number, number, number, number], warmUp: number): SeededRandom {
    const random = new SeededRandom(0);
    [random.a, random.b, random.c, random.d] = words;
    random.spareNormal = undefined;
    for (let i = 0; i < warmUp; i++) random.next();
    return random;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A lognormal factor with median 1: exp(σ·N(0,1)). */
  lognormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** One element, chosen uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}
