import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeAnalysis, type Finding } from './analysis/describeAnalysis.js';
import type { DataSource } from './data/DataSource.js';
import type { LiveEvent } from './data/apiTypes.js';
import { metricLabel } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

const ICON: Record<Finding['tone'], string> = { good: '✓', bad: '▲', neutral: '•' };

/**
 * The analysis of one script's metric in plain words: trend verdict, change points,
 * runner.py's regression check, anomalies and the baseline with its reasoning.
 *
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-analysis-panel')
export class RunnerAnalysisPanel extends RunnerElement {
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
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      li {
        display: grid;
        grid-template-columns: 18px 1fr;
        gap: 6px;
        font-size: 0.88rem;
        line-height: 1.4;
      }
      .icon {
        font-weight: 700;
        text-align: center;
      }
      .good .icon {
        color: var(--_success);
      }
      .bad .icon {
        color: var(--_danger);
      }
      .neutral .icon {
        color: var(--_muted);
      }
      .bad .text {
        font-weight: 500;
      }
    `,
  ];

  @property() script = '';
  @property() metric = 'execution_time_seconds';
  @property({ type: Number }) days = 30;
  /** Analyse again when the live feed reports a run of this script. */
  @property({ type: Boolean }) live = false;

  @state() private findings: Finding[] = [];
  private unsubscribe: (() => void) | undefined;

  protected override reloadOn(): PropertyKey[] {
    return ['script', 'metric', 'days'];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(): void {
    const want = this.live && this.isConnected;
    if (want && !this.unsubscribe) this.unsubscribe = this.source.subscribe((e) => this.onLive(e));
    if (!want && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = undefined;
    }
  }

  private onLive(event: LiveEvent): void {
    const mine =
      (event.type === 'executions' && event.executions.some((r) => r.script_path === this.script)) ||
      (event.type === 'regression' && event.script_path === this.script);
    if (mine && this.script) void this.reload(true);
  }

  protected override async load(source: DataSource): Promise<'ready' | 'empty'> {
    if (!this.script) {
      this.findings = [];
      return 'empty';
    }
    const filters = { script: this.script, metric: this.metric, days: this.days };
    const [analysis, baseline, history] = await Promise.all([
      source.trendAnalysis(filters),
      source.baseline(filters).catch(() => undefined),
      source.metricHistory({ ...filters, limit: 10_000 }).catch(() => undefined),
    ]);
    // Anomalies are positions in the analysed series; name their runs when the series matches.
    const ids = history && history.data.length === analysis.data_points ? history.data.map((p) => p.execution_id) : [];
    this.findings = describeAnalysis(analysis, baseline, ids);
    return 'ready';
  }

  override render() {
    const title = html`<h2>Analysis <span class="muted caption">· ${metricLabel(this.metric)}</span></h2>`;
    let body;
    if (this.state === 'empty')
      body = html`<p class="muted" role="status">Choose a script to see its trend, change points and baseline.</p>`;
    else if (this.state === 'error')
      body = html`<p class="state error" role="alert">Could not analyse: ${this.errorMessage}</p>`;
    else if (this.state === 'loading' && this.findings.length === 0)
      body = html`<p class="muted" role="status">Analysing…</p>`;
    else {
      body = html`<ul>
        ${this.findings.map(
          (f) =>
            html`<li class=${f.tone} data-kind=${f.kind}>
              <span class="icon" aria-hidden="true">${ICON[f.tone]}</span><span class="text">${f.text}</span>
            </li>`,
        )}
      </ul>`;
    }
    return html`<section class="card" aria-label="Analysis">${title}${body}</section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-analysis-panel': RunnerAnalysisPanel;
  }
}
