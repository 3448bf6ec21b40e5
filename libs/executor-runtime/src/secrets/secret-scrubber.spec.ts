import { SECRET_MASK, SecretScrubber } from './secret-scrubber';

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber(['s3cr3t-token', 'pa"ss/wo rd']);

  it('masks every occurrence of every value in text', () => {
    expect(scrubber.text('Bearer s3cr3t-token and s3cr3t-token again')).toBe(
      `Bearer ${SECRET_MASK} and ${SECRET_MASK} again`,
    );
  });

  it('masks the value as it appears inside JSON text and inside a URL', () => {
    expect(scrubber.text(JSON.stringify({ password: 'pa"ss/wo rd' }))).toBe(`{"password":"${SECRET_MASK}"}`);
    expect(scrubber.text(`https://x/?p=${encodeURIComponent('pa"ss/wo rd')}`)).toBe(
      `https://x/?p=${SECRET_MASK}`,
    );
  });

  it('masks the cut-off prefix jq prints in error messages', () => {
    const jqMessage = 'string ("s3cr3t-tok...") cannot be parsed as a number';
    expect(scrubber.text(jqMessage)).toBe(`string ("${SECRET_MASK}...") cannot be parsed as a number`);
    expect(scrubber.text('Loading...')).toBe('Loading...');
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    const nested = new SecretScrubber(['abc', 'xxabcxx']);
    expect(nested.text('xxabcxx abc')).toBe(`${SECRET_MASK} ${SECRET_MASK}`);
  });

  it('scrubs a JSON value deeply, keys included, without changing the original', () => {
    const output = {
      response: { status: 200, data: { echo: ['s3cr3t-token'], 's3cr3t-token': true, n: 1, z: null } },
    };
    expect(scrubber.value(output)).toEqual({
      response: { status: 200, data: { echo: [SECRET_MASK], [SECRET_MASK]: true, n: 1, z: null } },
    });
    expect(output.response.data.echo[0]).toBe('s3cr3t-token');
  });

  it('changes nothing without secrets, and ignores empty values', () => {
    const none = new SecretScrubber(['']);
    expect(none.isEmpty).toBe(true);
    expect(none.text('anything...')).toBe('anything...');
  });
});
