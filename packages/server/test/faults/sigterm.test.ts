import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SOAK = fileURLToPath(new URL('../../../../bench/soak.ts', import.meta.url));

describe('faults: SIGTERM in the middle of the soak', () => {
  before(function () {
    if (!existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url))))
      throw new Error("packages/server/dist is missing: run 'npx tsc -b packages/server' (npm test builds first)");
  });

  it('stops the server with exit 0, leaves an intact file and no half-recorded run', async function () {
    this.timeout(60_000);
    // The server, the recorder loop and the runner.py-style writer all get SIGTERM 3 s into a
    // small soak (60 clients, 60 requests/s, a run every 250 ms from each writer).
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--conditions=development',
          '--import',
          'tsx',
          SOAK,
          '--clients',
          '60',
          '--rate',
          '60',
          '--sigterm-after',
          '3',
        ],
        { cwd: ROOT, timeout: 50_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    assert.match(output, /server: exit code 0, signal none/);
    assert.match(output, /recorder: exit code 0; runs committed (\d+)/);
    const recorded = Number(/recorder: exit code 0; runs committed (\d+)/.exec(output)![1]);
    const written = Number(/python writer: .*; runs committed (\d+)/.exec(output)![1]);
    assert.ok(recorded >= 3 && written >= 3, `both writers were busy when the signal came (${recorded}, ${written})`);
    assert.match(output, /file: integrity_check ok, journal mode delete, \d+ runs/);
    assert.match(output, /runs without metrics: 0; committed runs missing: 0/);
    assert.match(output, /soak: every requirement met/);
    assert.equal(code, 0, output);
  });
});
