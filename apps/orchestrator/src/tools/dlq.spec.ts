import { parseDeadLetter } from './dead-letter-queue';
import { describe as describeLetter, runDlqCommand } from './dlq';

const io = () => {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
};

describe('tools/dlq', () => {
  const letter = {
    id: 'msg_AAAAAAAAAAAAAAAA',
    type: 'DEAD_LETTER',
    occurredAt: '2026-02-01T10:00:00.000Z',
    orgId: 'org_a',
    reason: 'HANDLER_FAILED',
    error: 'connection "refused"',
    problems: [],
    source: {
      topic: 'flowline.nodes.completed.v1',
      partition: 2,
      offset: '41',
      key: 'wfr_x',
      timestamp: '1',
    },
    value: '{"id":"msg_B"}',
    headers: { traceparent: '00-abc' },
    attempts: 3,
  };
  const at = { topic: 'flowline.nodes.completed.v1.dlq', partition: 0, offset: '7' };

  it('reads a dead letter record, and nothing else', () => {
    expect(parseDeadLetter(JSON.stringify(letter), at)).toMatchObject({ id: letter.id, at, attempts: 3 });
    expect(parseDeadLetter('not json', at)).toBeUndefined();
    expect(parseDeadLetter(JSON.stringify({ ...letter, type: 'OTHER' }), at)).toBeUndefined();
    expect(parseDeadLetter(null, at)).toBeUndefined();
  });

  it('prints one line per dead letter: id, source topic/partition/offset, reason, key, error', () => {
    const parsed = parseDeadLetter(JSON.stringify(letter), at);
    expect(parsed && describeLetter(parsed)).toBe(
      'msg_AAAAAAAAAAAAAAAA source=flowline.nodes.completed.v1/2/41 reason=HANDLER_FAILED key=wfr_x ' +
        'attempts=3 at=2026-02-01T10:00:00.000Z error="connection \\"refused\\""',
    );
  });

  it.each([
    [[]],
    [['list']],
    [['drop', 'flowline.runs.requested.v1']],
    [['list', 'flowline.runs.requested.v1', '--limit', 'ten']],
    [['replay', 'flowline.runs.requested.v1', '--all', '--id', 'msg_x']],
    [['replay', 'flowline.runs.requested.v1']],
  ])('answers bad arguments %j with the usage and exit code 2, without touching Kafka', async (argv) => {
    const { lines, io: streams } = io();
    expect(await runDlqCommand(argv, { KAFKA_BROKERS: '127.0.0.1:1' }, streams)).toBe(2);
    expect(lines.err.join('\n')).toContain('usage:');
  });
});
