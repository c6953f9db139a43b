/**
 * Random valid GET requests over every route of the server (design.md §3 plus the page,
 * OpenAPI and /metrics), so the soak's load looks like many dashboards and scrapers at once.
 */

/** What the generator may pick from: the history's scripts and metrics, and the newest run id. */
export interface KnownHistory {
  scripts: readonly string[];
  metrics: readonly string[];
  maxExecutionId: () => number;
}

type Pick = <T>(items: readonly T[]) => T;

const BASELINE_METHODS = ['intelligent', 'percentile', 'iqr', 'time-based'];

/** The routes with a weight each: the API's JSON routes dominate, as with a real dashboard. */
function routes(known: KnownHistory, pick: Pick, int: (lo: number, hi: number) => number): Array<() => string> {
  const script = (): string => encodeURIComponent(pick(known.scripts));
  const metric = (): string => encodeURIComponent(pick(known.metrics));
  const days = (): number => pick([1, 7, 30, int(1, 365)]);
  const maybeScript = (): string => (int(0, 1) ? `script_path=${script()}&` : '');
  return [
    () => 'api/health',
    () => 'api/scripts',
    () => `api/executions?${maybeScript()}limit=${int(1, 100)}&offset=${int(0, 20)}`,
    () => `api/executions?exit_code=${pick([0, 1, 2, -1])}&limit=${int(1, 50)}`,
    () => `api/executions/failed?limit=${int(1, 50)}&offset=${int(0, 5)}`,
    () => `api/execution/${int(1, known.maxExecutionId())}`,
    () => `api/metrics/latest?${maybeScript()}limit=${int(1, 200)}`,
    () => `api/metrics/history?script_path=${script()}&metric_name=${metric()}&days=${days()}&limit=${int(1, 2000)}`,
    () => `api/metrics/aggregated?${maybeScript()}metric_name=${metric()}&days=${days()}`,
    () => 'api/metrics/available',
    () => `api/analysis/trend?script_path=${script()}&metric_name=${metric()}&days=${days()}`,
    () =>
      `api/analysis/baseline?script_path=${script()}&method=${pick(BASELINE_METHODS)}&percentile=${int(1, 99)}&days=${days()}`,
    () => `api/analysis/regressions?days=${days()}`,
    () => 'api/stats/database',
    () => `api/stats/execution`,
    () => `api/stats/performance?metric_name=${metric()}&days=${days()}`,
    () => `api/export/csv?script_path=${script()}&days=${pick([1, 7])}`,
    () => 'api/openapi.json',
    () => 'metrics',
    () => '',
  ];
}

/** A seeded generator of request paths (relative to the dashboard's URL). */
export function requestGenerator(known: KnownHistory, seed = 7): () => string {
  // mulberry32: small, seeded, good enough to spread requests.
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const all = routes(known, pick, int);
  return () => pick(all)();
}
