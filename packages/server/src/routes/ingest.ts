import Router from '@koa/router';
import { parseNewExecution, type HistoryWriterLike, type NewExecution } from '@runner-dash/core';
import { HttpError } from '../HttpError.js';
import { readJsonBody } from '../readJsonBody.js';

/** Most runs one request may carry (the 1 MB body limit usually binds first). */
export const MAX_BATCH_RUNS = 1000;

/** What {@link ingestRouter} needs. */
export interface IngestDeps {
  /** Where runs are written; absent when the server was started without `--ingest`. */
  writer: HistoryWriterLike | undefined;
  /** Whether the server has a token: ingest never accepts anonymous writes. */
  hasToken: boolean;
}

/** The runs of a request body, each checked, with the `Idempotency-Key` header applied to a lone run. */
function parseBody(body: unknown, headerKey: string | undefined): { runs: NewExecution[]; batch: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new TypeError('the body must be one run (a JSON object) or {"executions": [runs…]}');
  if (!('executions' in body)) {
    const run = parseNewExecution(body);
    if (headerKey !== undefined) {
      if (run.idempotency_key !== undefined && run.idempotency_key !== headerKey)
        throw new TypeError('the Idempotency-Key header and idempotency_key differ; send one of them');
      if (headerKey.length < 1 || headerKey.length > 200)
        throw new TypeError('the Idempotency-Key header must be 1 to 200 characters');
      run.idempotency_key = headerKey;
    }
    return { runs: [run], batch: false };
  }
  const extra = Object.keys(body).filter((k) => k !== 'executions');
  if (extra.length > 0) throw new TypeError(`${extra[0]} is not a field of a batch; send {"executions": [runs…]}`);
  if (headerKey !== undefined)
    throw new TypeError('the Idempotency-Key header is for a single run; give each run of a batch its idempotency_key');
  const runs = (body as { executions: unknown }).executions;
  if (!Array.isArray(runs) || runs.length === 0) throw new TypeError('executions must be a non-empty array of runs');
  if (runs.length > MAX_BATCH_RUNS)
    throw new TypeError(`executions holds ${runs.length} runs; send at most ${MAX_BATCH_RUNS} per request`);
  return { runs: runs.map((run, i) => parseNewExecution(run, `executions[${i}]`)), batch: true };
}

/**
 * `POST /api/ingest/executions`: runs recorded on other machines, one per request or a
 * batch, written through the server's writer (SQLite file or PostgreSQL) all or none.
 * A run whose idempotency key is already known is not written again: the answer carries
 * the id it was first recorded under, so a client may retry safely.
 *
 * Answers 201 when anything was written, 200 when every run was already there; 400 names
 * the bad field; 404 when ingest is off; 403 when the server has no token.
 */
export function ingestRouter({ writer, hasToken }: IngestDeps): Router {
  const router = new Router({ prefix: '/api/ingest' });
  router.post('/executions', async (ctx) => {
    if (!hasToken)
      throw new HttpError(
        403,
        'ingest never accepts anonymous writes: start runner-dash-server with --token TOKEN (and --ingest)',
      );
    if (!writer)
      throw new HttpError(404, 'ingest is off on this server: start runner-dash-server with --ingest to accept runs');
    const body = await readJsonBody(ctx);
    let parsed: { runs: NewExecution[]; batch: boolean };
    try {
      parsed = parseBody(body, ctx.get('Idempotency-Key') || undefined);
    } catch (err) {
      if (err instanceof TypeError) throw new HttpError(400, err.message);
      throw err;
    }
    let outcomes;
    try {
      outcomes = await writer.recordBatch(parsed.runs);
    } catch (err) {
      // The writer's own checks (same rules, other words) still name the field.
      if (err instanceof TypeError) throw new HttpError(400, err.message);
      throw err;
    }
    const written = outcomes.filter((o) => !o.duplicate).length;
    ctx.status = written > 0 ? 201 : 200;
    ctx.body = parsed.batch
      ? { executions: outcomes, recorded: written, duplicates: outcomes.length - written }
      : outcomes[0];
  });
  return router;
}
