import { css } from 'lit';

/**
 * The design tokens of every element. Pages theme runner-dash by setting the public
 * `--rd-*` properties anywhere above the elements; inside VS Code the `--vscode-*`
 * variables take over; otherwise light or dark follows `prefers-color-scheme`. Elements
 * use only the private `--_*` names, so each element resolves the same chain on its own
 * and an embedded chart looks right without the dashboard around it.
 */
export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--rd-bg, var(--vscode-sideBar-background, var(--vscode-editor-background, #f6f8fa)));
    --_surface: var(--rd-surface, var(--vscode-editor-background, #ffffff));
    --_surface-2: var(--rd-surface-2, var(--vscode-editorWidget-background, #f6f8fa));
    --_text: var(--rd-text, var(--vscode-foreground, #1f2328));
    --_muted: var(--rd-muted, var(--vscode-descriptionForeground, #59636e));
    --_border: var(--rd-border, var(--vscode-widget-border, var(--vscode-panel-border, #d1d9e0)));
    --_accent: var(--rd-accent, var(--vscode-textLink-foreground, #0969da));
    --_danger: var(--rd-danger, var(--vscode-charts-red, #cf222e));
    --_success: var(--rd-success, var(--vscode-charts-green, #1a7f37));
    --_warning: var(--rd-warning, var(--vscode-charts-yellow, #9a6700));
    --_grid: var(--rd-grid, rgba(31, 35, 40, 0.08));
    --_chart-line: var(--rd-chart-line, var(--vscode-charts-blue, #0969da));
    --_chart-band: var(--rd-chart-band, rgba(9, 105, 218, 0.1));
    --_chart-median: var(--rd-chart-median, var(--vscode-charts-blue, #0969da));
    --_chart-p95: var(--rd-chart-p95, var(--vscode-charts-orange, #bf8700));
    --_chart-bar: var(--rd-chart-bar, rgba(9, 105, 218, 0.45));
    --_font: var(--rd-font, var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif));
    --_mono: var(--rd-mono, var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace));
    --_radius: var(--rd-radius, 8px);
    font-family: var(--_font);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--rd-bg, var(--vscode-sideBar-background, var(--vscode-editor-background, #0d1117)));
      --_surface: var(--rd-surface, var(--vscode-editor-background, #151b23));
      --_surface-2: var(--rd-surface-2, var(--vscode-editorWidget-background, #1c232d));
      --_text: var(--rd-text, var(--vscode-foreground, #e6edf3));
      --_muted: var(--rd-muted, var(--vscode-descriptionForeground, #9198a1));
      --_border: var(--rd-border, var(--vscode-widget-border, var(--vscode-panel-border, #2f3742)));
      --_accent: var(--rd-accent, var(--vscode-textLink-foreground, #4493f8));
      --_danger: var(--rd-danger, var(--vscode-charts-red, #f85149));
      --_success: var(--rd-success, var(--vscode-charts-green, #3fb950));
      --_warning: var(--rd-warning, var(--vscode-charts-yellow, #d29922));
      --_grid: var(--rd-grid, rgba(240, 246, 252, 0.08));
      --_chart-line: var(--rd-chart-line, var(--vscode-charts-blue, #4493f8));
      --_chart-band: var(--rd-chart-band, rgba(68, 147, 248, 0.14));
      --_chart-median: var(--rd-chart-median, var(--vscode-charts-blue, #4493f8));
      --_chart-p95: var(--rd-chart-p95, var(--vscode-charts-orange, #d29922));
      --_chart-bar: var(--rd-chart-bar, rgba(68, 147, 248, 0.5));
    }
  }
`;
