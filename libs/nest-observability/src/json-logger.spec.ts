import { trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, service and context', () => {
    const lines: string[] = [];
    new JsonLogger('orchestrator', (line) => lines.push(line)).warn('run is slow', 'RunService');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      service: 'orchestrator',
      context: 'RunService',
      message: 'run is slow',
    });
  });

  it('merges structured fields such as run ids into the line', () => {
    const lines: string[] = [];
    new JsonLogger('x', (line) => lines.push(line)).log({
      message: 'node done',
      runId: 'wfr_1',
      nodeRunId: 'wfnr_1',
    });
    expect(JSON.parse(lines[0])).toMatchObject({ message: 'node done', runId: 'wfr_1', nodeRunId: 'wfnr_1' });
  });

  it('carries the active trace and span ids', () => {
    const provider = new node.NodeTracerProvider();
    provider.register();
    const lines: string[] = [];
    const logger = new JsonLogger('x', (line) => lines.push(line));
    const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
      logger.log('inside');
      span.end();
      return span.spanContext();
    });
    expect(JSON.parse(lines[0])).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
  });

  it('does not print debug lines unless asked to', () => {
    const lines: string[] = [];
    new JsonLogger('x', (line) => lines.push(line)).debug('noise');
    expect(lines).toHaveLength(0);
  });
});
