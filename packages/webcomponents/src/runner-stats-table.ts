import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AggregatedByMetric } from './data/apiTypes.js';
import type { DataSource } from './data/DataSource.js';
import { formatMetric, formatNumber } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

/**
 * Aggregated statistics (count, min, max, avg, p50, p95, p99) of every metric for the
 * current script and window. The highlighted metric comes first; choosing another row
 * asks the page to chart that metric.
 *
 * @fires runner-metric-select - a metric's row was chosen; `detail: {metric}`.
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-stats-table')
export class RunnerStatsTable extends RunnerElement {
  static override styles = [
    themeStyles,
    sharedStyles,
    css`
      :host {
        height: 100%;
      }
      section.card {
        height: 100%;
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover,
      tbody tr:focus-visible {
        background: var(--_surface-2);
      }
      tr[aria-selected='true'] td {
        background: color-mix(in srgb, var(--_accent) 10%, transparent);
        font-weight: 600;
      }
      td.name {
        font-family: var(--_mono);
        font-size: 0.8rem;
        white-space: nowrap;
      }
      .wrap {
        max-height: var(--rd-stats-height, 420px);
        overflow: auto;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--_surface);
      }
    `,
  ];

  @property() script = '';
  @property({ type: Number }) days = 30;
  /** The metric shown in the charts (highlighted and listed first). */
  @property() metric = 'execution_time_seconds';

  @state() private stats: AggregatedByMetric = {};

  protected override reloadOn(): PropertyKey[] {
    return ['script', 'days'];
  }

  protected override async load(source: DataSource): Promise<'ready' | 'empty'> {
    this.stats = await source.aggregated({ script: this.script, days: this.days });
    return Object.keys(this.stats).length ? 'ready' : 'empty';
  }

  private select(metric: string): void {
    this.dispatchEvent(new CustomEvent('runner-metric-select', { detail: { metric }, bubbles: true, composed: true }));
  }

  override render() {
    const scope = `${this.script || 'all scripts'}, last ${this.days} day${this.days === 1 ? '' : 's'}`;
    if (this.state === 'loading' && Object.keys(this.stats).length === 0) {
      return html`<div class="card state" role="status">Loading statistics…</div>`;
    }
    if (this.state === 'error') {
      return html`<div class="card state error" role="alert">Could not load statistics: ${this.errorMessage}</div>`;
    }
    if (this.state === 'empty')
      return html`<div class="card state" role="status">No metrics recorded for ${scope}.</div>`;
    const names = Object.keys(this.stats).sort((a, b) =>
      a === this.metric ? -1 : b === this.metric ? 1 : a.localeCompare(b),
    );
    return html`<section class="card" aria-label="Statistics per metric">
      <h2>Statistics <span class="muted caption">· ${scope}</span></h2>
      <div class="wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" class="num">Count</th>
              <th scope="col" class="num">Min</th>
              <th scope="col" class="num">Avg</th>
              <th scope="col" class="num">p50</th>
              <th scope="col" class="num">p95</th>
              <th scope="col" class="num">p99</th>
              <th scope="col" class="num">Max</th>
            </tr>
          </thead>
          <tbody>
            ${names.map((name) => {
              const s = this.stats[name]!;
              const f = (v: number) => formatMetric(name, v);
              return html`<tr
                tabindex="0"
                data-metric=${name}
                aria-selected=${name === this.metric}
                @click=${() => this.select(name)}
                @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.select(name))}
              >
                <td class="name">${name}</td>
                <td class="num">${formatNumber(s.count)}</td>
                <td class="num">${f(s.min)}</td>
                <td class="num">${f(s.avg)}</td>
                <td class="num">${f(s.median)}</td>
                <td class="num">${f(s.p95)}</td>
                <td class="num">${f(s.p99)}</td>
                <td class="num">${f(s.max)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-stats-table': RunnerStatsTable;
  }
}
