/**
 * Runs a runner-dash server in its own process for the browser tests and prints
 * `{"url","port"}` on its first line of stdout; stops on SIGTERM.
 *
 * A separate process because the server finds the bundle with `import.meta.resolve`,
 * which mocha's CommonJS-compiled test files do not have; an ES module process does.
 * Usage: node --conditions=development --import tsx serveHistory.ts '<json ServerOptions>'
 */
import { silentLogger, startServer } from 'runner-dash-server';

const options = JSON.parse(process.argv[2] ?? '{}') as { dbPath: string; port?: number; token?: string; now?: string };
const server = await startServer({ host: '127.0.0.1', port: 0, log: silentLogger, ...options });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
