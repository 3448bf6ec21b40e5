export interface TemplatePart {
  /** The jq expression between the braces, without surrounding whitespace. */
  expression: string;
  /** Offset of the opening `{{`. */
  start: number;
  /** Offset just past the closing `}}`. */
  end: number;
}

export interface TemplateScan {
  parts: TemplatePart[];
  /** True when the whole string is one template: it starts with its `{{` and ends with its `}}`. */
  whole: boolean;
}

const CLOSER: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/**
 * The `{{ expr }}` parts of a string, in order, with their character offsets.
 *
 * Where a template ends: at the first `}}` that is outside jq string literals (escapes and `\(...)`
 * interpolations included) and outside any `{ }`, `( )` or `[ ]` opened within the template, so
 * `{{ {a: 1} }}`, `{{ {a: {b: 1}} }}` and `{{ "}}" }}` are single templates. When the brackets or
 * quotes inside never balance, the template ends at the first `}}` instead, so the (broken) expression
 * still reaches jq and gets jq's own error. A `{{` with no `}}` after it is plain text.
 */
export function findTemplates(text: string): TemplateScan {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) break;
    const close = scanExpression(text, start + 2) ?? text.indexOf('}}', start + 2);
    if (close < 0) break;
    const end = close + 2;
    parts.push({ expression: text.slice(start + 2, close).trim(), start, end });
    from = end;
  }
  const whole = parts.length === 1 && parts[0].start === 0 && parts[0].end === text.length;
  return { parts, whole };
}

/** Offset of the `}}` closing a template whose body starts at `from`, or undefined if unbalanced. */
function scanExpression(text: string, from: number): number | undefined {
  const closers: string[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const after = skipString(text, i);
      if (after === undefined) return undefined;
      i = after;
      continue;
    }
    if (c === '}' && closers.length === 0) return text[i + 1] === '}' ? i : undefined;
    if (c in CLOSER) closers.push(CLOSER[c]);
    else if (c === '}' || c === ')' || c === ']') {
      if (closers.pop() !== c) return undefined;
    }
    i += 1;
  }
  return undefined;
}

/** Offset just past the string literal opening at `quote`, or undefined if it never closes. */
function skipString(text: string, quote: number): number | undefined {
  let i = quote + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\' && text[i + 1] === '(') {
      const after = skipInterpolation(text, i + 2);
      if (after === undefined) return undefined;
      i = after;
      continue;
    }
    i += c === '\\' ? 2 : 1;
  }
  return undefined;
}

/** Offset just past the `)` closing a `\(` interpolation whose body starts at `from`. */
function skipInterpolation(text: string, from: number): number | undefined {
  const closers: string[] = [')'];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const after = skipString(text, i);
      if (after === undefined) return undefined;
      i = after;
      continue;
    }
    if (c in CLOSER) closers.push(CLOSER[c]);
    else if (c === '}' || c === ')' || c === ']') {
      if (closers.pop() !== c) return undefined;
      if (closers.length === 0) return i + 1;
    }
    i += 1;
  }
  return undefined;
}
