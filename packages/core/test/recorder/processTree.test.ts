import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { listDescendants, signalTree } from '../../src/recorder/processTree.js';
import { isAlive, waitFor } from './historyInspect.js';

// A shell that starts `sleep` in its own group and a second one in a new session (as a
// daemon would), then prints both pids.
const TREE_SCRIPT = 'sleep 30 & a=$!; setsid sleep 30 & b=$!; echo "$a $b"; wait';

describe('processTree', function () {
  this.timeout(10_000);

  it('lists children and grandchildren, and signalTree stops them even outside the group', async () => {
    const root = spawn('sh', ['-c', TREE_SCRIPT], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const line = await new Promise<string>((resolve) => root.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    const [inGroup, outOfGroup] = line.trim().split(' ').map(Number) as [number, number];
    try {
      const found = await listDescendants(root.pid as number);
      assert.ok(found.includes(inGroup), `${inGroup} in ${found}`);
      assert.ok(found.includes(outOfGroup), `${outOfGroup} in ${found}`);
      assert.ok(!found.includes(root.pid as number));
      const aimed = await signalTree(root.pid as number, 'SIGKILL');
      assert.ok(aimed.includes(outOfGroup));
      await waitFor(() => !isAlive(inGroup) && !isAlive(outOfGroup), 3000, 'both sleeps to die');
    } finally {
      for (const pid of [inGroup, outOfGroup, root.pid as number]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });

  it('finds nothing under a process that has no children, or that no longer exists', async () => {
    assert.deepEqual(await listDescendants(2 ** 22 + 12345), []);
    const lone = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      assert.deepEqual(await listDescendants(lone.pid as number), []);
    } finally {
      lone.kill('SIGKILL');
    }
  });
});
