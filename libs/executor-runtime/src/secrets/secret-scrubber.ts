export const SECRET_MASK = '***';

/** jq cuts long values in its error messages (`"abcdefghij...`); a prefix this long is still a leak. */
const MIN_TRUNCATED_PREFIX = 4;
const ELLIPSIS = '...';

/**
 * Replaces secret values with `***` in whatever an executor produces (output, logs, failure message),
 * so a secret that a remote system echoes back, or that jq quotes in an error, never leaves the
 * executor. Besides the raw value it masks the value as it appears inside JSON text and inside a URL,
 * and the cut-off prefixes jq prints before `...`.
 */
export class SecretScrubber {
  private readonly forms: string[];
  private readonly values: string[];

  constructor(values: Iterable<string>) {
    this.values = [...new Set([...values].filter((value) => value.length > 0))];
    const forms = new Set<string>();
    for (const value of this.values) {
      forms.add(value);
      forms.add(JSON.stringify(value).slice(1, -1));
      forms.add(encodeURIComponent(value));
    }
    // Longest first, so a secret containing another is masked whole.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  get isEmpty(): boolean {
    return this.values.length === 0;
  }

  text(text: string): string {
    if (this.isEmpty) return text;
    let scrubbed = text;
    for (const form of this.forms) scrubbed = scrubbed.split(form).join(SECRET_MASK);
    return this.truncatedPrefixes(scrubbed);
  }

  /** A deep copy of a JSON value with every string (and object key) scrubbed. */
  value<T>(value: T): T {
    if (this.isEmpty) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(copy, this.text(key), {
          value: this.walk(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return value;
  }

  /** Masks `<prefix of a secret>...` (jq's truncation of long strings in error messages). */
  private truncatedPrefixes(text: string): string {
    if (!text.includes(ELLIPSIS)) return text;
    let result = text;
    for (const value of this.values) {
      let from = result.length;
      for (;;) {
        const dots = result.lastIndexOf(ELLIPSIS, from);
        if (dots < 0) break;
        const length = commonSuffixWithPrefix(result, dots, value);
        if (length >= Math.min(MIN_TRUNCATED_PREFIX, value.length)) {
          result = result.slice(0, dots - length) + SECRET_MASK + result.slice(dots);
        }
        from = dots - length - 1;
        if (from < 0) break;
      }
    }
    return result;
  }
}

/** The longest k such that text[end-k, end) equals value's first k characters. */
function commonSuffixWithPrefix(text: string, end: number, value: string): number {
  for (let k = Math.min(end, value.length); k > 0; k -= 1) {
    if (text.startsWith(value.slice(0, k), end - k)) return k;
  }
  return 0;
}
