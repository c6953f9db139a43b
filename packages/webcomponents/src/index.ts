/**
 * @runner-dash/webcomponents — the public API. Importing it defines every element;
 * `dist/runner-dash.js` (`@runner-dash/webcomponents/bundle`) is this module bundled for
 * the browser with Lit and the Chart.js parts it uses.
 */
export { RunnerMetricsChart } from './runner-metrics-chart.js';
export { RunnerOverviewCards } from './runner-overview-cards.js';
export { RunnerExecutionsTable } from './runner-executions-table.js';
export { RunnerExecutionDetail } from './runner-execution-detail.js';
export { RunnerStatsTable } from './runner-stats-table.js';
export { RunnerAnalysisPanel } from './runner-analysis-panel.js';
export { RunnerDashboard, TOKEN_STORAGE_KEY } from './runner-dashboard.js';
export { RunnerElement, type LoadState } from './RunnerElement.js';

export type { DataSource, ExecutionsQuery, ExecutionsResult, ExportedFile, Filters } from './data/DataSource.js';
export type * from './data/apiTypes.js';
export { HttpDataSource, type HttpDataSourceOptions } from './data/HttpDataSource.js';
export { DataSourceError, isDataSourceError } from './data/DataSourceError.js';
export { LiveSocket, backoffDelay, parseMessage, type LiveSocketOptions } from './data/LiveSocket.js';
export { dataSourceFor, setDefaultDataSource } from './data/dataSourceFor.js';

export { describeAnalysis, describeChange, type Finding } from './analysis/describeAnalysis.js';
export { executionStatus, type ExecutionStatus } from './executionStatus.js';
export { sortExecutions, type ExecutionSort, type ExecutionSortKey } from './sortExecutions.js';
export { readState, writeState, DEFAULT_STATE, DAY_CHOICES, type DashboardState } from './urlState.js';
export * from './format.js';
