import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { createTokenCheck } from '../src/TokenCheck.js';

const require = createRequire(import.meta.url);
const crypto = require('node:crypto') as typeof import('node:crypto');

/**
 * Records the arguments of every `crypto.timingSafeEqual` call made while `run` runs. Node's
 * own function still does the comparison; ES module imports of `node:crypto` see the
 * recording wrapper through `syncBuiltinESMExports`.
 */
function recordTimingSafeEqual<T>(run: () => T): { result: T; calls: Array<[Buffer, Buffer]> } {
  const original = crypto.timingSafeEqual;
  const calls: Array<[Buffer, Buffer]> = [];
  crypto.timingSafeEqual = (a, b) => {
    calls.push([Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)]);
    return original(a, b);
  };
  syncBuiltinESMExports();
  try {
    return { result: run(), calls };
  } finally {
    crypto.timingSafeEqual = original;
    syncBuiltinESMExports();
  }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

describe('createTokenCheck', () => {
  const TOKEN = 'correct-horse-battery-staple';
  const check = createTokenCheck(TOKEN);

  it('accepts the token and refuses every other string, absent included', () => {
    assert.equal(check(TOKEN), true);
    for (const wrong of ['', 'c', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), `${TOKEN.slice(0, -1)}E`])
      assert.equal(check(wrong), false, JSON.stringify(wrong));
    assert.equal(check(undefined), false);
  });

  it('compares with crypto.timingSafeEqual over two 32-byte SHA-256 digests, whatever the length presented', () => {
    for (const presented of ['', 'x', TOKEN, `${TOKEN.slice(0, -1)}!`, 'y'.repeat(10_000), 'é✓💥\u0000']) {
      const { result, calls } = recordTimingSafeEqual(() => check(presented));
      assert.equal(result, presented === TOKEN);
      assert.equal(calls.length, 1, 'exactly one constant-time comparison per check');
      const [a, b] = calls[0]!;
      assert.equal(a.length, 32);
      assert.equal(b.length, 32);
      // The digests, not the texts: their length never depends on the secret or the guess.
      assert.deepEqual(a, sha256(presented));
      assert.deepEqual(b, sha256(TOKEN));
    }
  });
});
