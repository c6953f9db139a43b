/** The colours a chart is drawn with, read from the element's CSS custom properties. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  line: string;
  fail: string;
  band: string;
  median: string;
  p95: string;
  regression: string;
  improvement: string;
  bar: string;
  font: string;
}

const FALLBACK: ChartTheme = {
  text: '#1f2328',
  muted: '#656d76',
  grid: 'rgba(127,127,127,0.18)',
  line: '#2f6feb',
  fail: '#d1242f',
  band: 'rgba(47,111,235,0.12)',
  median: '#2f6feb',
  p95: '#9a6700',
  regression: '#d1242f',
  improvement: '#1a7f37',
  bar: 'rgba(47,111,235,0.55)',
  font: 'system-ui, sans-serif',
};

/**
 * Reads the private `--_*` tokens of themeStyles from an element's computed style, so charts
 * follow light, dark and VS Code themes. Re-read whenever the theme may have changed.
 */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--_text', FALLBACK.text),
    muted: read('--_muted', FALLBACK.muted),
    grid: read('--_grid', FALLBACK.grid),
    line: read('--_chart-line', FALLBACK.line),
    fail: read('--_danger', FALLBACK.fail),
    band: read('--_chart-band', FALLBACK.band),
    median: read('--_chart-median', FALLBACK.median),
    p95: read('--_chart-p95', FALLBACK.p95),
    regression: read('--_danger', FALLBACK.regression),
    improvement: read('--_success', FALLBACK.improvement),
    bar: read('--_chart-bar', FALLBACK.bar),
    font: style.fontFamily || FALLBACK.font,
  };
}

export { FALLBACK as DEFAULT_CHART_THEME };
