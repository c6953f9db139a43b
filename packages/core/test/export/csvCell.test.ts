import assert from 'node:assert/strict';
import { csvCell, csvRecord } from '../../src/export/csvCell.js';

describe('csvCell', () => {
  it('writes numbers as numbers, negative ones included, and non-finite ones as empty cells', () => {
    assert.equal(csvCell(-1), '-1');
    assert.equal(csvCell(0.1031), '0.1031');
    assert.equal(csvCell(-3.5e-7), '-3.5e-7');
    assert.equal(csvCell(Number.NaN), '');
    assert.equal(csvCell(Number.POSITIVE_INFINITY), '');
  });

  it('writes booleans as 1/0 and null or undefined as an empty cell', () => {
    assert.equal(csvCell(true), '1');
    assert.equal(csvCell(false), '0');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('quotes text with a comma, quote, CR or LF and doubles its quotes', () => {
    assert.equal(csvCell('plain.py'), 'plain.py');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  });

  it('guards text a spreadsheet would run as a formula with a leading quote', () => {
    assert.equal(csvCell('=1+2'), "'=1+2");
    assert.equal(csvCell('+41'), "'+41");
    assert.equal(csvCell('-1'), "'-1", 'text that looks negative is still text');
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), '"\'\rx"');
    assert.equal(csvCell('=HYPERLINK("x","y")'), '"\'=HYPERLINK(""x"",""y"")"');
  });

  it('ends a record with CRLF', () => {
    assert.equal(csvRecord([1, 'a,b', null, -2]), '1,"a,b",,-2\r\n');
  });
});
