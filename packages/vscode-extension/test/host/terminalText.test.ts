import { strict as assert } from 'node:assert';
import { terminalText, toTerminalLines } from '../../src/host/terminalText.js';

describe('terminalText', () => {
  it('turns bare line ends into the \\r\\n a pseudoterminal needs, leaving \\r\\n alone', () => {
    assert.equal(toTerminalLines('a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n');
  });

  it('keeps a multi-byte character whole when a chunk boundary splits it', async () => {
    const written: string[] = [];
    const stream = terminalText((text) => written.push(text));
    const bytes = Buffer.from('p50 ✓\nok\n', 'utf8');
    const split = bytes.indexOf(Buffer.from('✓')) + 1;
    stream.write(bytes.subarray(0, split));
    stream.write(bytes.subarray(split));
    await new Promise<void>((resolve) => stream.end(resolve));
    assert.equal(written.join(''), 'p50 ✓\r\nok\r\n');
  });
});
