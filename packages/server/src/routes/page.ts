import Router from '@koa/router';

const ROUTES: Array<[string, string]> = [
  ['api/health', 'server and database status'],
  ['api/scripts', 'scripts with run counts'],
  ['api/executions?limit=20', 'latest runs (X-Total-Count header)'],
  ['api/executions/failed', 'failed runs'],
  ['api/metrics/available', 'metric names'],
  ['api/metrics/history?metric_name=execution_time_seconds&days=7', 'one metric over time'],
  ['api/metrics/aggregated?days=30', 'statistics per metric'],
  ['api/metrics/latest?limit=100', 'statistics over the latest runs'],
  ['api/analysis/trend?script_path=SCRIPT', 'trend, anomalies and change points of a script'],
  ['api/analysis/baseline?script_path=SCRIPT', 'baseline of a script'],
  ['api/analysis/regressions', 'scripts whose metric changed'],
  ['api/stats/database', 'database counts and size'],
  ['api/stats/execution', 'success and failure counts'],
  ['api/stats/performance', 'range of a metric'],
  ['api/export/csv', 'CSV download'],
  ['api/openapi.json', 'OpenAPI 3.1 description'],
  ['metrics', 'Prometheus metrics (text exposition format)'],
];

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

// Relative links only, so the page works under --base-path and behind proxies.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>runner-dash</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}code{font-size:90%}</style>
</head>
<body>
<h1>runner-dash</h1>
<p>The dashboard page is not installed in this build; the API answers below. Live updates: WebSocket <code>ws/metrics</code>.</p>
<ul>
${ROUTES.map(([href, what]) => `<li><a href="${escape(href)}"><code>${escape(href)}</code></a> — ${escape(what)}</li>`).join('\n')}
</ul>
</body>
</html>
`;

/**
 * `GET /`: the plain page listing the API, answered only when the public folder has no
 * dashboard page of its own.
 */
export function pageRouter(): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  return router;
}
