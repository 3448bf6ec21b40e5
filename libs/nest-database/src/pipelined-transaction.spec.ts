import { escapeLiteral } from 'pg';
import { inlined, quoted } from './pipelined-transaction';

describe('literals of a pipelined round trip', () => {
  it('quotes exactly as pg does', () => {
    const samples = [
      'plain',
      "it's",
      'back\\slash',
      "both ' and \\",
      "''",
      '\\\\',
      '',
      'é✓ \n\t',
      '{"a":"b\\"c"}',
    ];
    // Every string of up to 4 characters over the characters that matter.
    const alphabet = ['a', "'", '\\', '"', '$', '\n'];
    let level = [''];
    for (let length = 1; length <= 4; length += 1) {
      level = level.flatMap((prefix) => alphabet.map((character) => prefix + character));
      samples.push(...level);
    }
    for (const sample of samples) expect(quoted(sample)).toBe(escapeLiteral(sample));
  });

  it('replaces each $n with its value, $10 included, and nothing else', () => {
    const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    expect(inlined('select $1, $10, $11, $2', values)).toBe("select 'v1', 'v10', 'v11', 'v2'");
  });

  it('writes null, numbers, booleans, dates, arrays and JSON as pg would send them', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const sql = inlined('values ($1, $2, $3, $4, $5::text[], $6)', [
      null,
      42,
      true,
      at,
      ["a'b", 'c'],
      '{"k":1}',
    ]);
    expect(sql).toMatch(
      /^values \(NULL, '42', 'true', '2026-01-0\d[^']*', '\{"a''b","c"\}'::text\[\], '\{"k":1\}'\)$/,
    );
  });

  it('refuses a statement that names a parameter it was not given', () => {
    expect(() => inlined('select $2', ['only one'])).toThrow('names $2 but has 1 parameters');
  });
});
