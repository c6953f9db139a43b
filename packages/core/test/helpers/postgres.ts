import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test cluster's URL (`scripts/pg-test-cluster.sh start` prints one), or undefined. */
export const PG_URL = process.env.RUNNER_DASH_PG_URL || undefined;

/**
 * For a `before` hook of a suite that needs PostgreSQL: without RUNNER_DASH_PG_URL it
 * prints one line and skips the suite — unless RUNNER_DASH_E2E=1 (CI), where a missing
 * database is a failure.
 */
export function requirePostgres(ctx: Mocha.Context, suite: string): string {
  if (PG_URL) return PG_URL;
  if (process.env.RUNNER_DASH_E2E === '1') {
    throw new Error(`${suite} needs PostgreSQL: RUNNER_DASH_PG_URL is not set (scripts/pg-test-cluster.sh start)`);
  }
  console.log(`  skipped ${suite}: set RUNNER_DASH_PG_URL (scripts/pg-test-cluster.sh start prints one)`);
  ctx.skip();
}

/** A fresh, empty database on the test cluster; `drop()` removes it (closing stray sessions). */
export async function createTempDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `runner_dash_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs `sql` once on `url` with its own connection (as another process would). */
export async function pgExec(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** Runs `work` in one transaction on its own connection to `url` (as another process would). */
export async function pgTransaction(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
