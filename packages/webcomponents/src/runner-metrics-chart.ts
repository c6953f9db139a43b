import type { Chart } from 'chart.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { readChartTheme } from './chart/chartTheme.js';
import { distributionBars, distributionChartConfig } from './chart/distributionChartConfig.js';
import { attachOutcomes, loadChartData, type ChartData } from './chart/loadChartData.js';
import { markersPlugin } from './chart/markersPlugin.js';
import { registerChart } from './chart/registerChart.js';
import { trendChartConfig } from './chart/trendChartConfig.js';
import type { DataSource } from './data/DataSource.js';
import type { LiveEvent } from './data/apiTypes.js';
import { formatChange, formatDateTime, formatMetric, formatPValue, metricLabel } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

/** Rows of the accessible table, newest first. */
const TABLE_ROWS = 200;

/**
 * One metric of one script over time (`type="trend"`: runs, p50–p95 band, failed runs,
 * change points) or as a histogram (`type="distribution"`). Embeddable anywhere:
 * `<runner-metrics-chart src="http://host:8000" script="etl.py" live>`.
 *
 * @fires runner-chart-rendered - after a chart was drawn; `detail: {type, points}`.
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-metrics-chart')
export class RunnerMetricsChart extends RunnerElement {
  static override styles = [
    themeStyles,
    sharedStyles,
    css`
      :host {
        height: 100%;
      }
      figure.card {
        height: 100%;
        margin: 0;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 4px 12px;
        margin-bottom: 8px;
      }
      h2 {
        margin: 0;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        font-size: 0.75rem;
        color: var(--_muted);
      }
      .legend i {
        display: inline-block;
        width: 12px;
        height: 3px;
        margin-right: 4px;
        vertical-align: middle;
        background: var(--_chart-line);
      }
      .legend i.fail {
        width: 8px;
        height: 8px;
        transform: rotate(45deg);
        background: var(--_danger);
      }
      .legend i.band {
        height: 10px;
        background: var(--_chart-band);
        border-top: 2px solid var(--_chart-median);
        border-bottom: 2px dashed var(--_chart-p95);
      }
      .legend i.cp {
        width: 2px;
        height: 12px;
        background: var(--_danger);
      }
      .plot {
        position: relative;
        height: var(--rd-chart-height, 260px);
      }
      .plot .state {
        position: absolute;
        inset: 0;
        min-height: 0;
        flex-direction: column;
        gap: 8px;
      }
      .changes {
        margin: 8px 0 0;
        font-size: 0.8rem;
        color: var(--_muted);
      }
      .changes .regression {
        color: var(--_danger);
      }
      .changes .improvement {
        color: var(--_success);
      }
      .table-toggle {
        font-size: 0.75rem;
        min-height: 24px;
        padding: 2px 8px;
      }
      .table-wrap {
        max-height: 240px;
        overflow: auto;
        margin-top: 8px;
      }
    `,
  ];

  /** The script whose runs are shown; all scripts when empty. */
  @property() script = '';
  @property() metric = 'execution_time_seconds';
  @property({ type: Number }) days = 30;
  @property() type: 'trend' | 'distribution' = 'trend';
  /** Follow the live feed: redraw when a run of this script is recorded. */
  @property({ type: Boolean }) live = false;
  /** Hide the title line (the dashboard shows its own). */
  @property({ type: Boolean, attribute: 'no-header' }) noHeader = false;

  @state() private data: ChartData | undefined;
  @state() private showTable = false;
  @query('canvas') private canvas!: HTMLCanvasElement | null;
  private chart: Chart | undefined;
  private unsubscribe: (() => void) | undefined;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly schemeQuery =
    typeof matchMedia === 'undefined' ? undefined : matchMedia('(prefers-color-scheme: dark)');
  private themeObserver: MutationObserver | undefined;
  private readonly redraw = (): void => this.draw();

  protected override reloadOn(): PropertyKey[] {
    return ['script', 'metric', 'days', 'type'];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.schemeQuery?.addEventListener('change', this.redraw);
    // VS Code switches themes by changing the body's class.
    this.themeObserver = new MutationObserver(this.redraw);
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    if (this.hasUpdated && this.live && !this.unsubscribe)
      this.unsubscribe = this.source.subscribe((e) => this.onLive(e));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.schemeQuery?.removeEventListener('change', this.redraw);
    this.themeObserver?.disconnect();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.liveTimer);
    this.chart?.destroy();
    this.chart = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('live') || changed.has('dataSource') || changed.has('src') || changed.has('token')) {
      this.unsubscribe?.();
      this.unsubscribe = this.live && this.isConnected ? this.source.subscribe((e) => this.onLive(e)) : undefined;
    }
  }

  protected override async load(source: DataSource): Promise<'ready' | 'empty'> {
    const seq = this.currentLoad;
    const filters = { script: this.script, metric: this.metric, days: this.days };
    const data = await loadChartData(source, filters);
    if (!this.isCurrentLoad(seq)) return 'ready';
    this.data = data;
    if (data.points.length === 0) return 'empty';
    if (this.type === 'trend') {
      // Outcomes colour failed runs and fill tooltips; the chart does not wait for them.
      attachOutcomes(source, this.script || undefined, data.points)
        .then((matched) => {
          if (matched > 0 && this.isCurrentLoad(seq)) this.draw();
        })
        .catch(() => undefined);
    }
    return 'ready';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('state') || changed.has('data')) this.draw();
  }

  private onLive(event: LiveEvent): void {
    const relevant =
      (event.type === 'executions' &&
        event.executions.some((run) => !this.script || run.script_path === this.script)) ||
      (event.type === 'regression' && event.script_path === this.script && event.metric_name === this.metric);
    if (!relevant) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => void this.reload(true), 250);
  }

  private draw(): void {
    const canvas = this.canvas;
    if (this.state !== 'ready' || !this.data || !canvas) {
      this.chart?.destroy();
      this.chart = undefined;
      return;
    }
    const Chart = registerChart();
    const theme = readChartTheme(this);
    const { points, band, changePoints } = this.data;
    const config =
      this.type === 'distribution'
        ? distributionChartConfig({
            metric: this.metric,
            values: points.map((p) => p.y),
            p50: band?.p50,
            p95: band?.p95,
            theme,
          })
        : trendChartConfig({ metric: this.metric, points, band, changePoints, theme });
    Chart.defaults.font.family = theme.font;
    Chart.defaults.color = theme.muted;
    this.chart?.destroy();
    this.chart = new Chart(canvas, { ...config, plugins: [markersPlugin] } as never);
    this.dispatchEvent(
      new CustomEvent('runner-chart-rendered', {
        detail: { type: this.type, points: points.length },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    const label = metricLabel(this.metric);
    const what = `${label}${this.script ? ` of ${this.script}` : ''}, last ${this.days} day${this.days === 1 ? '' : 's'}`;
    return html`
      <figure class="card">
        ${
          this.noHeader
            ? nothing
            : html`<header>
                <h2>${label}${this.type === 'distribution' ? ' distribution' : ''}</h2>
                <span class="muted caption">${this.script || 'all scripts'} · ${this.days} d</span>
              </header>`
        }
        ${this.renderLegend()}
        <div class="plot">
          <canvas
            role="img"
            aria-label=${`${this.type === 'distribution' ? 'Histogram' : 'Trend'} of ${what}`}
          ></canvas>
          ${this.renderState(what)}
        </div>
        ${this.renderChanges()} ${this.renderTable()}
      </figure>
    `;
  }

  private renderLegend() {
    if (this.state !== 'ready') return nothing;
    const trend = this.type === 'trend';
    return html`<div class="legend" aria-hidden="true">
      ${trend ? html`<span><i></i>runs</span><span><i class="fail"></i>failed</span>` : nothing}
      ${this.data?.band ? html`<span><i class="band"></i>p50–p95</span>` : nothing}
      ${trend && this.data?.changePoints.length ? html`<span><i class="cp"></i>change point</span>` : nothing}
      <button class="table-toggle" aria-expanded=${this.showTable} @click=${() => (this.showTable = !this.showTable)}>
        ${this.showTable ? 'Hide' : 'Show'} data table
      </button>
    </div>`;
  }

  private renderState(what: string) {
    switch (this.state) {
      case 'loading':
        return html`<div class="state" role="status">Loading ${what}…</div>`;
      case 'empty':
        return html`<div class="state" role="status">No runs recorded for ${what}.</div>`;
      case 'error':
        return html`<div class="state error" role="alert">
          <span>Could not load the chart: ${this.errorMessage}</span>
          <button @click=${() => this.reload()}>Retry</button>
        </div>`;
      default:
        return nothing;
    }
  }

  private renderChanges() {
    const changes = this.type === 'trend' ? (this.data?.changePoints ?? []) : [];
    if (this.state !== 'ready' || changes.length === 0) return nothing;
    return html`<p class="changes">
      ${changes.map(
        (cp, i) =>
          html`${i > 0 ? ' · ' : ''}<strong class=${cp.direction}>${formatChange(cp.change_percent)}</strong> from run
            #${cp.execution_id} (${formatPValue(cp.p_value)}${cp.confidence === 'confirmed' ? '' : ', suspected'})`,
      )}
    </p>`;
  }

  /** The chart's data as a table: hidden for eyes unless toggled, always there for screen readers. */
  private renderTable() {
    if (this.state !== 'ready' || !this.data) return nothing;
    const metric = this.metric;
    const body =
      this.type === 'distribution'
        ? html`<thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" class="num">Runs</th>
              </tr>
            </thead>
            <tbody>
              ${distributionBars(this.data.points.map((p) => p.y)).map(
                (bar) =>
                  html`<tr>
                    <td>${formatMetric(metric, bar.bin.from)}</td>
                    <td>${formatMetric(metric, bar.bin.to)}</td>
                    <td class="num">${bar.y}</td>
                  </tr>`,
              )}
            </tbody>`
        : html`<thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Started</th>
                <th scope="col" class="num">${metricLabel(metric)}</th>
                <th scope="col">Exit code</th>
              </tr>
            </thead>
            <tbody>
              ${this.data.points
                .slice(-TABLE_ROWS)
                .reverse()
                .map(
                  (p) =>
                    html`<tr>
                      <td>#${p.execution_id}</td>
                      <td>${formatDateTime(p.x)}</td>
                      <td class="num">${formatMetric(metric, p.y)}</td>
                      <td>${p.exit_code ?? ''}</td>
                    </tr>`,
                )}
            </tbody>`;
    const caption =
      this.type === 'trend' && this.data.points.length > TABLE_ROWS
        ? `The latest ${TABLE_ROWS} of ${this.data.points.length} runs`
        : `${metricLabel(metric)} data`;
    return html`<div class=${this.showTable ? 'table-wrap' : 'sr-only'}>
      <table>
        <caption class="sr-only">
          ${caption}
        </caption>
        ${body}
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-metrics-chart': RunnerMetricsChart;
  }
}
