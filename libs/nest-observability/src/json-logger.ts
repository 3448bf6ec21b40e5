import { type LoggerService, type LogLevel } from '@nestjs/common';
import { trace } from '@opentelemetry/api';

type Fields = Record<string, unknown>;

/**
 * Structured JSON logs, one object a line, carrying the active trace and span ids so a log line can be
 * found from a trace and back. Run and node-run ids are added by whoever logs (`fields`).
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly levels: ReadonlySet<LogLevel> = new Set<LogLevel>(['log', 'error', 'warn', 'fatal']),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes the context (a class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const extra: Fields = {};
    for (const item of rest) {
      if (typeof item === 'string') extra['stack'] = item;
      else if (item && typeof item === 'object') Object.assign(extra, item);
    }
    const span = trace.getActiveSpan()?.spanContext();
    const line: Fields = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      context,
      ...(message && typeof message === 'object' ? (message as Fields) : { message: String(message) }),
      ...extra,
      ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
    };
    this.write(JSON.stringify(line));
  }
}
