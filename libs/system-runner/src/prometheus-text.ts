/** One sample of Prometheus's text format: `name{label="value",...} value [timestamp]`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/**
 * Parses a scrape in Prometheus's text exposition format (version 0.0.4) into its samples; comments
 * (`# HELP`, `# TYPE`) and blank lines are skipped. Throws naming the line when one is not a sample, so
 * a bench never compares figures it misread.
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      samples.push(parseSample(line));
    } catch (error) {
      throw new Error(`line ${index + 1} of the scrape, "${line}": ${(error as Error).message}`);
    }
  });
  return samples;
}

function parseSample(line: string): MetricSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error('no metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) throw new Error('a label name expected');
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="') && !rest.startsWith('= "')) throw new Error(`no value for label ${label}`);
      const { value, length } = quoted(rest.slice(rest.indexOf('"')));
      labels[label] = value;
      rest = rest.slice(rest.indexOf('"') + length).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) throw new Error(`"," or "}" expected after label ${label}`);
    }
    rest = rest.slice(1);
  }
  const [value, timestamp, extra] = rest.trim().split(/\s+/);
  if (value === undefined || value === '' || extra !== undefined) throw new Error('a value expected');
  if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error('a bad timestamp');
  return { name, labels, value: numberOf(value) };
}

/** A double-quoted label value starting at text[0]: its unescaped value and its length with the quotes. */
function quoted(text: string): { value: string; length: number } {
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') return { value, length: i + 1 };
    if (char === '\\') {
      const next = text[i + 1];
      value += next === 'n' ? '\n' : next;
      i += 1;
    } else value += char;
  }
  throw new Error('an unterminated label value');
}

function numberOf(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`"${text}" is not a number`);
  return value;
}
