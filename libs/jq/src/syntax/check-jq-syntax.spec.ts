import { checkJqSyntax } from './check-jq-syntax';

describe('checkJqSyntax', () => {
  it.each([
    '.',
    '.outputs.trigger.service',
    '.secrets["api-token"]',
    '.outputs["my-node"].response.data.id',
    'if .form.environment == "production" then 3 else 1 end',
    '.outputs.trigger.deps | fromjson',
    'now | todateiso8601',
    '{a: 1} | keys',
  ])('accepts %s', async (expression) => {
    await expect(checkJqSyntax(expression)).resolves.toBeUndefined();
  });

  it.each([
    ['.a |', 'syntax error, unexpected end of file at <top-level>, line 1, column 4'],
    ['foo', 'foo/0 is not defined at <top-level>, line 1, column 1'],
    ['$x', '$x is not defined at <top-level>, line 1, column 1'],
    ['now | date "2006-01-02"', 'syntax error, unexpected QQSTRING_START, expecting end of file'],
    ['', 'Top-level program not given (try ".")'],
  ])('reports jq’s compile error for %j', async (expression, message) => {
    await expect(checkJqSyntax(expression)).resolves.toContain(message);
  });

  it('does not report runtime errors, which depend on the data', async () => {
    await expect(checkJqSyntax('.a.b')).resolves.toBeUndefined();
    await expect(checkJqSyntax('error("boom")')).resolves.toBeUndefined();
    await expect(checkJqSyntax('"x" | fromjson')).resolves.toBeUndefined();
  });

  it('does not evaluate, so endless programs return at once', async () => {
    await expect(checkJqSyntax('def f: f; f')).resolves.toBeUndefined();
    await expect(checkJqSyntax('[range(1e9)]')).resolves.toBeUndefined();
  });

  it('reads an expression starting with "-" as jq, not as a command-line option', async () => {
    await expect(checkJqSyntax('-1')).resolves.toBeUndefined();
    await expect(checkJqSyntax('--a')).resolves.toContain('a/0 is not defined');
  });

  it('answers the same from its cache', async () => {
    const first = await checkJqSyntax('.a |');
    await expect(checkJqSyntax('.a |')).resolves.toBe(first);
  });
});
