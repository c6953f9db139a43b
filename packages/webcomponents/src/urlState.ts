/**
 * The dashboard's filters in the page URL (`?script=jobs/etl.py&metric=cpu_max&days=30`),
 * so a view can be shared and survives a reload.
 */

/** The filters the dashboard keeps in its URL. */
export interface DashboardState {
  /** Empty: every script. */
  script: string;
  metric: string;
  days: number;
}

/** The quick choices of the date range. */
export const DAY_CHOICES = [1, 7, 30, 90] as const;

export const DEFAULT_STATE: Readonly<DashboardState> = {
  script: '',
  metric: 'execution_time_seconds',
  days: 7,
};

/**
 * Reads the filters of a URL's query string. Values that the API would refuse (days
 * outside 1–365, names with control characters) fall back to the defaults rather than
 * producing a page of errors from a hand-edited link.
 */
export function readState(search: string, defaults: Readonly<DashboardState> = DEFAULT_STATE): DashboardState {
  const params = new URLSearchParams(search);
  // `script=` (present but empty) means every script; absent means the default.
  const script = cleanName(params.get('script')) ?? defaults.script;
  const metric = cleanName(params.get('metric')) || defaults.metric;
  const daysText = params.get('days');
  const days = daysText !== null && /^\d{1,3}$/.test(daysText) ? Number(daysText) : NaN;
  return { script, metric, days: days >= 1 && days <= 365 ? days : defaults.days };
}

/**
 * The URL with the filters written into its query string; defaults are left out so the
 * plain page keeps its plain address. Other parameters and the hash are kept.
 */
export function writeState(
  href: string,
  state: DashboardState,
  defaults: Readonly<DashboardState> = DEFAULT_STATE,
): string {
  const url = new URL(href);
  const set = (key: string, value: string, fallback: string): void => {
    if (value !== fallback) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  };
  set('script', state.script, defaults.script);
  set('metric', state.metric, defaults.metric);
  set('days', String(state.days), String(defaults.days));
  return url.href;
}

function cleanName(value: string | null): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  return trimmed.length <= 1000 && !/[\u0000-\u001f]/.test(trimmed) ? trimmed : undefined;
}
