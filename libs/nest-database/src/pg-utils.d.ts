declare module 'pg/lib/utils' {
  /** How pg turns a parameter into the text it sends (dates, arrays, JSON, buffers). */
  export function prepareValue(value: unknown): unknown;
}
