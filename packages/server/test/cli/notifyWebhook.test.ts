import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openHistoryWriter } from '@runner-dash/core';
import { parseCommandLine, UsageError } from '../../src/cli/parseCommandLine.js';
import { copyFixture } from '../fixtureServer.js';

const BIN = fileURLToPath(new URL('../../bin/runner-dash-server.js', import.meta.url));

/** The real bin (built dist) with its output collected until it exits. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, ...output })),
  );
  return { child, output, done };
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runner-dash-server --notify-webhook', () => {
  describe('reading the flag and DASHBOARD_NOTIFY_WEBHOOK', () => {
    const serve = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const command = parseCommandLine(argv, env);
      assert.equal(command.action, 'serve');
      return command;
    };

    it('takes an http(s) URL from the flag or the environment, the flag winning', () => {
      assert.equal(serve([]).notifyWebhook, undefined);
      assert.equal(
        serve(['--notify-webhook', 'https://hooks.example.com/a']).notifyWebhook,
        'https://hooks.example.com/a',
      );
      assert.equal(
        serve([], { DASHBOARD_NOTIFY_WEBHOOK: 'http://10.0.0.5:9000/h' }).notifyWebhook,
        'http://10.0.0.5:9000/h',
      );
      assert.equal(
        serve(['--notify-webhook=https://a.example/x'], { DASHBOARD_NOTIFY_WEBHOOK: 'https://b.example/y' })
          .notifyWebhook,
        'https://a.example/x',
      );
      assert.equal(serve([], { DASHBOARD_NOTIFY_WEBHOOK: '' }).notifyWebhook, undefined, 'empty means unset');
    });

    it('refuses anything but an http(s) URL as a usage error naming the flag or the variable', () => {
      assert.throws(
        () => parseCommandLine(['--notify-webhook', 'ftp://example.com/h'], {}),
        (err: Error) =>
          err instanceof UsageError &&
          /^--notify-webhook: the webhook must be an http:\/\/ or https:\/\/ URL/.test(err.message),
      );
      assert.throws(
        () => parseCommandLine([], { DASHBOARD_NOTIFY_WEBHOOK: 'hooks.example.com' }),
        (err: Error) =>
          err instanceof UsageError && /^DASHBOARD_NOTIFY_WEBHOOK: .*not 'hooks\.example\.com'/.test(err.message),
      );
    });
  });

  describe('the command', () => {
    before(function () {
      if (!existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url))))
        throw new Error("packages/server/dist is missing: run 'npx tsc -b packages/server' (npm test builds first)");
    });

    it('exits 2 with one line for a bad webhook URL, and lists the flag in --help', async () => {
      const copy = copyFixture();
      try {
        const bad = await runCli(['--db', copy.dbPath, '--port', '0', '--notify-webhook', 'not a url']).done;
        assert.equal(bad.code, 2);
        assert.equal(bad.stdout, '');
        assert.match(
          bad.stderr.trim(),
          /^runner-dash-server: --notify-webhook: the webhook must be an http:\/\/ or https:\/\/ URL, not 'not a url' \(see 'runner-dash-server --help'\)$/,
        );
        const help = await runCli(['--help']).done;
        assert.match(help.stdout, /--notify-webhook URL .*\[DASHBOARD_NOTIFY_WEBHOOK\]/);
      } finally {
        copy.cleanup();
      }
    });

    it('stops at once on SIGTERM while a delivery hangs, saying it abandoned it, exit 0', async () => {
      const copy = copyFixture();
      // A webhook that takes the POST and never answers.
      const held: ServerResponse[] = [];
      let posts = 0;
      const receiver = createServer((req, res) => {
        posts++;
        req.resume();
        held.push(res);
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      try {
        // The server's clock is the real one: the runs are recorded at the current time.
        const { child, output, done } = runCli(['--db', copy.dbPath, '--port', '0'], {
          DASHBOARD_NOTIFY_WEBHOOK: hook,
        });
        await until(() => /dashboard at http/.test(output.stdout), 'the start line');
        assert.match(output.stdout, /confirmed changes will be POSTed to the webhook http:\/\/127\.0\.0\.1:\d+\/…/);
        const writer = await openHistoryWriter(copy.dbPath);
        try {
          const start = Date.now() - 60_000;
          for (let i = 0; i < 24; i++) {
            const seconds = i < 12 ? 0.1 + (i % 3) * 0.002 : 0.5 + (i % 3) * 0.01;
            const at = new Date(start + i * 1000);
            const iso = (d: Date) =>
              new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 23) + '000';
            await writer.record({
              script_path: 'jobs/ci_probe.py',
              start_time: iso(at),
              end_time: iso(new Date(at.getTime() + seconds * 1000)),
              execution_time_seconds: seconds,
              exit_code: 0,
              success: true,
              metrics: { execution_time_seconds: seconds },
            });
          }
        } finally {
          await writer.close();
        }
        await until(() => posts === 1, 'the POST to the webhook');
        const began = Date.now();
        child.kill('SIGTERM');
        const result = await done;
        assert.ok(Date.now() - began < 3000, 'no hang');
        assert.equal(result.code, 0, result.stderr);
        assert.match(
          result.stderr,
          /webhook http:\/\/127\.0\.0\.1:\d+\/…: shutting down; abandoned 1 undelivered message\n/,
        );
      } finally {
        for (const res of held) res.destroy();
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
        copy.cleanup();
      }
    });
  });
});
