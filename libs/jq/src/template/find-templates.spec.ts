import { findTemplates } from './find-templates';

describe('findTemplates', () => {
  it('finds a whole-value template', () => {
    expect(findTemplates('{{ .outputs.trigger.service }}')).toEqual({
      parts: [{ expression: '.outputs.trigger.service', start: 0, end: 30 }],
      whole: true,
    });
  });

  it('finds templates mixed with text, in order', () => {
    const text = 'Bearer {{ .secrets["api-token"] }} for {{.a}}!';
    const { parts, whole } = findTemplates(text);
    expect(whole).toBe(false);
    expect(parts.map((p) => p.expression)).toEqual(['.secrets["api-token"]', '.a']);
    expect(parts.map((p) => text.slice(p.start, p.end))).toEqual(['{{ .secrets["api-token"] }}', '{{.a}}']);
  });

  it('is not whole when text or whitespace surrounds the braces', () => {
    expect(findTemplates(' {{ .a }}').whole).toBe(false);
    expect(findTemplates('{{ .a }}{{ .b }}').whole).toBe(false);
    expect(findTemplates('{{ .a }}x').whole).toBe(false);
  });

  it('finds nothing in plain text', () => {
    expect(findTemplates('no templates here')).toEqual({ parts: [], whole: false });
    expect(findTemplates('')).toEqual({ parts: [], whole: false });
  });

  it('keeps object construction whole: braces opened inside must close first', () => {
    expect(findTemplates('{{ {a: 1} }}').parts[0].expression).toBe('{a: 1}');
    expect(findTemplates('{{ {a: {b: 1}} }}').parts[0].expression).toBe('{a: {b: 1}}');
    expect(findTemplates('{{{a:1}}}')).toEqual({
      parts: [{ expression: '{a:1}', start: 0, end: 9 }],
      whole: true,
    });
  });

  it('ignores braces inside string literals and interpolations', () => {
    expect(findTemplates('{{ "}}" }}').parts[0].expression).toBe('"}}"');
    expect(findTemplates('{{ "a\\"}}" }}').parts[0].expression).toBe('"a\\"}}"');
    expect(findTemplates('{{ "x\\({a: "}}"} | .a)y" }}').parts[0].expression).toBe('"x\\({a: "}}"} | .a)y"');
  });

  it('falls back to the first }} when the expression does not balance, so jq can report it', () => {
    expect(findTemplates('{{ "abc }} rest').parts).toEqual([{ expression: '"abc', start: 0, end: 10 }]);
    expect(findTemplates('{{ .a) }}').parts[0].expression).toBe('.a)');
  });

  it('treats an unclosed {{ as text', () => {
    expect(findTemplates('a {{ b')).toEqual({ parts: [], whole: false });
  });

  it('reports an empty template as an empty expression', () => {
    expect(findTemplates('{{ }}')).toEqual({ parts: [{ expression: '', start: 0, end: 5 }], whole: true });
  });
});
