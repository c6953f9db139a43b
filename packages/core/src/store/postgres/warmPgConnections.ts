import type pg from 'pg';

// Planning these touches both tables, every index of each and their column statistics,
// which is what a new backend loads into its catalog caches on its first real query
// (a few milliseconds per connection). EXPLAIN plans without reading a row.
const WARM_UP = [
  `EXPLAIN SELECT e.id, e.start_time, m.metric_value
   FROM executions e JOIN metrics m ON m.execution_id = e.id AND m.metric_name = $1
   WHERE e.script_path = $2 AND e.start_time >= $3 AND e.exit_code = 0 AND e.success AND e.created_at IS NOT NULL
   ORDER BY e.start_time DESC, e.id DESC LIMIT 1`,
  `EXPLAIN SELECT DISTINCT metric_name FROM metrics WHERE metric_name > $1`,
];

/**
 * Opens `count` connections of `pool` at once (so they are distinct) and has each plan the
 * history's typical queries, so that the first requests a server answers do not pay for a
 * connection handshake or a cold PostgreSQL backend — the way the SQLite worker pool
 * answers the dashboard's questions before the server says it is ready.
 */
export async function warmPgConnections(pool: pg.Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (const text of WARM_UP) await client.query(text, text.includes('$3') ? ['', '', ''] : ['']);
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
}
