import { Readable } from 'node:stream';
import Router from '@koa/router';
import { QueryParams, RANGES } from '../QueryParams.js';
import type { Logger } from '../Logger.js';
import type { RouteDeps } from './RouteDeps.js';

/**
 * `GET /api/export/csv`: the runs with one column per metric, streamed as core produces
 * it so a large history never sits in memory as one string.
 */
export function exportRouter({ analyses, now }: RouteDeps, log: Logger): Router {
  const router = new Router({ prefix: '/api/export' });
  router.get('/csv', async (ctx) => {
    const q = new QueryParams(ctx.query);
    // Produced by the worker pool when the server runs: the event loop only relays chunks.
    const csv = analyses.exportCsv({
      scriptPath: q.text('script_path'),
      metricName: q.text('metric_name'),
      days: q.int('days', ...RANGES.days),
      now,
    });
    const chunks = csv[Symbol.asyncIterator]();
    // The first chunk is read here so that an unusable database is still a clean 503.
    const first = await chunks.next();
    const rest = async function* (): AsyncGenerator<string> {
      try {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      } finally {
        // A client that hangs up ends the export where it is produced, too.
        await chunks.return?.();
      }
    };
    const stream = Readable.from(rest());
    stream.on('error', (err) => log.error('runner-dash-server: CSV export stopped midway:', err));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="runner-dash-export.csv"');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = stream;
  });
  return router;
}
