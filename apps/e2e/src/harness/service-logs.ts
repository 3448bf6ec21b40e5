import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '@flowline/testing';
import { type FlowlineApp } from '@flowline/system-runner';

/** One line a service logged (the services log JSON lines: time, level, service, context, message). */
export interface ServiceLogLine {
  level: string;
  context?: string;
  message: string;
}

/** Every JSON line `<logDir>/<app>.log` holds so far; other lines (the runner's banners) are skipped. */
export function serviceLogLines(logDir: string, app: FlowlineApp): ServiceLogLine[] {
  const file = path.join(logDir, `${app}.log`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        const parsed = JSON.parse(line) as Partial<ServiceLogLine>;
        return typeof parsed.message === 'string'
          ? [{ level: String(parsed.level), context: parsed.context, message: parsed.message }]
          : [];
      } catch {
        return [];
      }
    });
}

/** Waits until the app has logged a line that `matches`, and returns it. */
export function waitForLogLine(
  logDir: string,
  app: FlowlineApp,
  matches: (line: ServiceLogLine) => boolean,
  options: { timeoutMs?: number; description?: string } = {},
): Promise<ServiceLogLine> {
  return waitFor(() => serviceLogLines(logDir, app).find(matches), {
    timeoutMs: options.timeoutMs ?? 60_000,
    intervalMs: 250,
    description: options.description ?? `a matching line in ${app}.log`,
  });
}
