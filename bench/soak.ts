/**
 * `npm run soak`: the server under load while other processes write (issue 7). Bounded,
 * loopback only, stops by itself:
 *
 *   node --conditions=development --import tsx bench/soak.ts [--seconds 60] [--clients 500] [--rate 200]
 *        [--sigterm-after S]
 *
 * For `--seconds`: `--clients` WebSocket clients connected; `--rate` requests/s over every GET
 * route with random valid parameters; a process recording a run every 250 ms through core's
 * recorder; another writing a run every 250 ms with Python's sqlite3 module in rollback-journal
 * mode, as runner.py does. The server is the built `runner-dash-server` CLI in its own process.
 * It then prints what was sent, answered and delivered, and exits 1 when a requirement fails:
 * zero 5xx, no run lost or duplicated (API and every client), no "database is locked".
 *
 * `--sigterm-after S` sends SIGTERM to the server and both writers S seconds in, and checks
 * the clean exit and the file instead: integrity ok, no half-recorded run, no committed run lost.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pidusage from 'pidusage';
import { checkHistoryFile } from './soak/checkHistoryFile.js';
import { startPythonWriter, startRecorder, startServerProcess, type Child } from './soak/children.js';
import { HttpLoad, percentile } from './soak/HttpLoad.js';
import { LiveClients } from './soak/LiveClients.js';
import { requestGenerator } from './soak/requests.js';

const FIXTURE = fileURLToPath(new URL('../../shared/fixtures/python-script-runner-history.db', import.meta.url));
const WRITE_EVERY_MS = 250;
const RSS_TARGET_MB = 250;
const LOCKED = /database is locked|locked by another process/i;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '500' },
    rate: { type: 'string', default: '200' },
    'sigterm-after': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const clientCount = Number(values.clients);
const rate = Number(values.rate);
const sigtermAfter = values['sigterm-after'] === undefined ? undefined : Number(values['sigterm-after']);
for (const [name, value] of Object.entries({ seconds, clients: clientCount, rate, 'sigterm-after': sigtermAfter ?? 1 }))
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`soak: --${name} must be a positive number`);
    process.exit(2);
  }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'runner-dash-soak-'));
const dbPath = join(dir, 'script_runner_history.db');
copyFileSync(FIXTURE, dbPath);
writeFileSync(join(dir, 'soak_job.sh'), '#!/bin/sh\necho "soak job"\n');
chmodSync(join(dir, 'soak_job.sh'), 0o755);

const failures: string[] = [];
const require = (ok: boolean, what: string): void => void (ok || failures.push(what));
const children: Child[] = [];
let peakRssBytes = 0;

try {
  const server = await startServerProcess(dbPath);
  children.push(server);
  const rssTimer = setInterval(() => {
    pidusage(server.process.pid!)
      .then((s) => (peakRssBytes = Math.max(peakRssBytes, s.memory)))
      .catch(() => undefined);
  }, 250);

  const available = (await (await fetch(new URL('api/metrics/available', server.url))).json()) as {
    available_metrics: string[];
  };
  const scripts = (await (await fetch(new URL('api/scripts', server.url))).json()) as Array<{ path: string }>;
  let maxId = 40;
  const next = requestGenerator({
    scripts: [...scripts.map((s) => s.path), './soak_job.sh', 'jobs/soak_python.py'],
    metrics: available.available_metrics,
    maxExecutionId: () => maxId,
  });

  const clients = new LiveClients();
  const connectStarted = performance.now();
  await clients.connect(`${server.url.replace(/^http/, 'ws')}ws/metrics`, clientCount);
  console.log(
    `soak: ${clientCount} WebSocket clients connected in ${(performance.now() - connectStarted).toFixed(0)} ms`,
  );

  const recorder = startRecorder(dbPath, dir, './soak_job.sh', WRITE_EVERY_MS);
  const python = startPythonWriter(dbPath, WRITE_EVERY_MS);
  children.push(recorder, python);
  const load = new HttpLoad(server.url, next);
  load.start(rate);
  const idTimer = setInterval(() => (maxId = Math.max(maxId, ...recorder.ids, ...python.ids)), 500);
  console.log(
    `soak: ${seconds} s of ${rate} requests/s, a recorded run and a runner.py-style run every ${WRITE_EVERY_MS} ms each…`,
  );

  if (sigtermAfter !== undefined) {
    await sleep(sigtermAfter * 1000);
    for (const child of [server, recorder, python]) child.process.kill('SIGTERM');
    const [serverExit, recorderExit, pythonExit] = await Promise.all([server.exited, recorder.exited, python.exited]);
    clearInterval(idTimer);
    clearInterval(rssTimer);
    await load.stop(3000);
    clients.close();
    const committed = [...recorder.ids, ...python.ids];
    const file = checkHistoryFile(dbPath, committed);
    console.log(`\n== SIGTERM after ${sigtermAfter} s`);
    console.log(`server: exit code ${serverExit.code}, signal ${serverExit.signal ?? 'none'}`);
    console.log(`recorder: exit code ${recorderExit.code}; runs committed ${recorder.ids.length}`);
    console.log(
      `python writer: ${pythonExit.signal ?? `exit code ${pythonExit.code}`}; runs committed ${python.ids.length}`,
    );
    console.log(`file: integrity_check ${file.integrity}, journal mode ${file.journalMode}, ${file.executions} runs`);
    console.log(
      `runs without metrics: ${file.withoutMetrics.length}; committed runs missing: ${file.missingCommitted.length}`,
    );
    require(serverExit.code === 0 && /SIGTERM: stopping/.test(server.output()), 'the server exits 0 after SIGTERM');
    require(recorderExit.code === 0, 'the recorder loop records its run in flight and exits 0');
    require(file.integrity === 'ok', 'PRAGMA integrity_check is ok');
    require(file.journalMode === 'delete', 'the file is still in rollback-journal mode');
    require(file.withoutMetrics.length === 0, 'no half-recorded run (every execution has its metrics)');
    require(file.missingCommitted.length === 0, 'every run a writer committed is in the file');
  } else {
    await sleep(seconds * 1000);
    const result = await load.stop();
    // Writers stop at the end of their input, after the run in flight.
    for (const writer of [recorder, python]) writer.process.stdin!.end();
    const [recorderExit, pythonExit] = await Promise.all([recorder.exited, python.exited]);
    clearInterval(idTimer);
    // The feed's promise is 1 s; give it two before counting.
    await sleep(2000);
    const written = new Set([...recorder.ids, ...python.ids]);
    const page = await fetch(new URL('api/executions?limit=10000', server.url));
    const apiIds = new Set(((await page.json()) as Array<{ id: number }>).map((e) => e.id));
    const apiSeen = [...written].filter((id) => apiIds.has(id)).length;
    const apiUnknown = [...apiIds].filter((id) => id > 40 && !written.has(id)).length;
    const delivery = clients.delivery(written);
    clients.close();
    clearInterval(rssTimer);
    server.process.kill('SIGTERM');
    const serverExit = await server.exited;
    const file = checkHistoryFile(dbPath, written);
    const lockMentions = [...children.map((c) => c.output()), ...recorder.errors, ...python.errors, ...result.notable]
      .join('\n')
      .split('\n')
      .filter((line) => LOCKED.test(line));
    const fiveHundreds = [...result.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const ms = (p: number): string => `${percentile(result.latenciesMs, p).toFixed(1)} ms`;

    console.log(`\n== soak: ${seconds} s, ${clientCount} WebSocket clients, ${rate} requests/s`);
    console.log(`requests sent ${result.sent}, answered ${result.answered}`);
    console.log(
      `answers by status: ${[...result.byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}` +
        (result.failures.size ? `; no answer: ${[...result.failures].map(([c, n]) => `${c}×${n}`).join(', ')}` : '') +
        (result.retried ? ` (${result.retried} sent again after an idle keep-alive connection closed)` : ''),
    );
    console.log(`errors (5xx): ${fiveHundreds}`);
    console.log(`latency p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}`);
    const slowest = [...result.byRoute]
      .map(([route, values]) => ({ route, p95: percentile(values, 95), n: values.length }))
      .sort((a, b) => b.p95 - a.p95)
      .slice(0, 4);
    console.log(
      `slowest routes by p95: ${slowest.map((r) => `${r.route} ${r.p95.toFixed(0)} ms (${r.n})`).join(', ')}`,
    );
    console.log(
      `runs written ${written.size} (recorder ${recorder.ids.length}, python sqlite3 ${python.ids.length}); ` +
        `seen by the API ${apiSeen} (+${apiUnknown} unknown)`,
    );
    console.log(
      `runs delivered per WebSocket client: min ${delivery.minDelivered}, max ${delivery.maxDelivered} of ${written.size}; ` +
        `clients missing runs ${delivery.clientsMissingRuns}, duplicates ${delivery.duplicates}, unexpected ${delivery.unexpected}, ` +
        `dropped ${delivery.closedEarly}`,
    );
    console.log(`peak server RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MB (target < ${RSS_TARGET_MB} MB)`);
    console.log(
      `"database is locked" anywhere: ${lockMentions.length}${lockMentions.length ? `: ${lockMentions[0]}` : ''}`,
    );
    console.log(
      `file: integrity_check ${file.integrity}, journal mode ${file.journalMode}, runs without metrics ${file.withoutMetrics.length}`,
    );
    for (const line of result.notable.slice(0, 5)) console.log(`  ${line}`);

    require(result.answered === result.sent, 'every request answered');
    require(fiveHundreds === 0, 'zero 5xx');
    require(written.size > 0 && written.size === recorder.ids.length + python.ids.length, 'runs written, none twice');
    require(recorder.errors.length + python.errors.length === 0, 'no writer error');
    require(recorderExit.code === 0 && pythonExit.code === 0, 'both writers exit 0');
    require(apiSeen === written.size && apiUnknown === 0, 'the API sees every run written, and no other');
    require(delivery.clientsMissingRuns === 0 &&
      delivery.duplicates === 0 &&
      delivery.unexpected === 0, 'every client received every run exactly once');
    require(delivery.closedEarly === 0, 'no client was dropped');
    require(lockMentions.length === 0, 'no "database is locked" anywhere');
    require(peakRssBytes < RSS_TARGET_MB * 2 ** 20, `server RSS under ${RSS_TARGET_MB} MB`);
    require(serverExit.code === 0, 'the server stops cleanly');
    require(file.integrity === 'ok' && file.withoutMetrics.length === 0, 'the file is intact, every run whole');
  }
} catch (err) {
  failures.push(`the soak itself failed: ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  for (const child of children)
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.log(`\nsoak: FAILED — ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('\nsoak: every requirement met');
}
