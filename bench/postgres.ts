/**
 * PostgreSQL benchmark: the server's route latencies on the same ~1M-metric demo history
 * copied into PostgreSQL (`runner-dash migrate`), beside the SQLite figures and the 3×
 * budget issue 8 sets. Needs RUNNER_DASH_PG_URL (scripts/pg-test-cluster.sh start prints
 * one); says "skipped" without it.
 *
 *   RUNNER_DASH_PG_URL=postgres://… node --conditions=development --import tsx bench/postgres.ts
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { defaultDemoCacheDir, ensureDemoDatabase, migrateHistory, redactPostgresUrl } from '@runner-dash/core';
import { measureRoutes, startChild, type RouteLatency } from './server.js';

/** How much slower than SQLite a PostgreSQL route may be (issue 8). */
const BUDGET = 3;
const SOURCE_TABLE = 'runner_dash_bench_source';

async function query(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/**
 * A database on the cluster holding the demo history: reused while it was copied from the
 * same file (path and modification time), else dropped and copied again — the demo is
 * regenerated daily with new times under the same ids, which `migrate` rightly refuses to
 * merge.
 */
async function benchDatabase(baseUrl: string, demoPath: string, runs: number): Promise<string> {
  const name = `runner_dash_bench_${runs}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const source = `${demoPath} ${statSync(demoPath).mtimeMs}`;
  const exists = (await query(baseUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
  if (exists) {
    const copied = await query(
      url.href,
      `SELECT source FROM ${SOURCE_TABLE} WHERE to_regclass('${SOURCE_TABLE}') IS NOT NULL`,
    ).catch(() => undefined);
    if (copied?.rows[0]?.source === source) return url.href;
    await query(baseUrl, `DROP DATABASE ${name} WITH (FORCE)`);
  }
  await query(baseUrl, `CREATE DATABASE ${name}`);
  const began = performance.now();
  const result = await migrateHistory(demoPath, url.href);
  // Fresh statistics, as a database in service would have from autovacuum.
  await query(url.href, 'VACUUM ANALYZE');
  await query(url.href, `CREATE TABLE ${SOURCE_TABLE} (source TEXT)`);
  await query(url.href, `INSERT INTO ${SOURCE_TABLE} VALUES ($1)`, [source]);
  console.log(
    `copied ${result.executions} runs with ${result.metrics} metrics into ${redactPostgresUrl(url.href)} ` +
      `in ${((performance.now() - began) / 1000).toFixed(1)} s (runner-dash migrate)`,
  );
  return url.href;
}

/**
 * Route latencies on PostgreSQL beside `sqlite`'s (from `benchServer`), each with its
 * ratio and whether it stays within {@link BUDGET}× of SQLite. Prints; resolves with the
 * PostgreSQL figures, or undefined when skipped.
 */
export async function benchPostgres(
  options: { runs?: number; sqlite?: RouteLatency[] } = {},
): Promise<RouteLatency[] | undefined> {
  const baseUrl = process.env.RUNNER_DASH_PG_URL;
  if (!baseUrl) {
    console.log('PostgreSQL: skipped (set RUNNER_DASH_PG_URL; scripts/pg-test-cluster.sh start prints one)');
    return undefined;
  }
  const runs = options.runs ?? 30_000;
  const demo = ensureDemoDatabase({ runs, cacheDir: join(defaultDemoCacheDir(), `bench-${runs}`) });
  const url = await benchDatabase(baseUrl, demo.path, runs);
  const { child, url: serverUrl } = await startChild(url);
  try {
    const scripts = (await (await fetch(new URL('api/scripts', serverUrl))).json()) as Array<{ path: string }>;
    const routes = await measureRoutes(serverUrl, scripts[0]!.path);
    const sqlite = new Map(options.sqlite?.map((r) => [r.route, r]));
    const pad = (s: string, n: number): string => s.padEnd(n);
    const ratio = (pgMs: number, sqliteMs: number | undefined): string => {
      if (sqliteMs === undefined) return pad('', 14);
      // Under a millisecond both are noise; the budget is judged on what can be measured.
      const r = pgMs / Math.max(sqliteMs, 1);
      return pad(`${(pgMs / sqliteMs).toFixed(1)}× ${r <= BUDGET ? 'ok' : 'OVER'}`, 14);
    };
    console.log(
      `\nPostgreSQL (${redactPostgresUrl(url)}) beside SQLite; ratio = PostgreSQL / SQLite, ` +
        `budget ≤ ${BUDGET}× (times under 1 ms count as 1 ms)`,
    );
    console.log(
      `${pad('route', 48)} ${pad('cold ms', 9)} ${pad('vs SQLite', 14)} ${pad('p50 ms', 8)} ${pad('vs SQLite', 14)}`,
    );
    let over = 0;
    for (const r of routes) {
      const s = sqlite.get(r.route);
      if (s && (r.coldMs / Math.max(s.coldMs, 1) > BUDGET || r.p50Ms / Math.max(s.p50Ms, 1) > BUDGET)) over++;
      console.log(
        `${pad(r.route, 48)} ${pad(r.coldMs.toFixed(1), 9)} ${ratio(r.coldMs, s?.coldMs)} ` +
          `${pad(r.p50Ms.toFixed(2), 8)} ${ratio(r.p50Ms, s?.p50Ms)}`,
      );
    }
    if (options.sqlite)
      console.log(
        over === 0
          ? `every route within ${BUDGET}× of SQLite`
          : `${over} route(s) over ${BUDGET}× of SQLite (marked OVER)`,
      );
    return routes;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchPostgres();
