import { deadLetterTopic, newId, Topics } from '@flowline/contracts';
import { type ReceivedMessage, waitFor } from '@flowline/testing';
import { OrchestratorHarness } from '../__tests__/orchestrator-harness';
import { runDlqCommand } from './dlq';

type Json = Record<string, unknown>;

describe('tools/dlq: list and replay dead letters (real broker)', () => {
  let h: OrchestratorHarness;
  let source: ReceivedMessage[];
  let dead: ReceivedMessage[];

  beforeAll(async () => {
    h = await OrchestratorHarness.start('orchestrator-dlq');
    source = await h.kafka.collect(h.topic(Topics.runRequested));
    dead = await h.kafka.collect(h.topic(deadLetterTopic(Topics.runRequested)));
  });

  afterAll(async () => {
    await h?.close();
  });

  const dlq = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDlqCommand(
      argv,
      { KAFKA_BROKERS: h.ns.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: h.ns.topicPrefix },
      { out: (line) => out.push(line), err: (line) => err.push(line) },
    );
    return { code, out, err };
  };

  /** A run request the orchestrator refuses (no runId, no workflow…): the consumer dead-letters it. */
  const publishInvalid = async (key: string, marker: string) => {
    const value = { id: newId('message'), type: 'WORKFLOW_RUN_REQUESTED', orgId: 'org_dlq', marker };
    await h.kafka.send(h.topic(Topics.runRequested), value, key, { 'x-test-marker': marker });
    return value;
  };

  it('lists what the consumer dead-lettered, and replays one to its source topic with its key and headers', async () => {
    const first = await publishInvalid('key-one', 'first');
    await publishInvalid('key-two', 'second');
    await waitFor(() => (dead.length >= 2 ? dead : undefined), { description: 'two dead letters' });

    const listed = await dlq('list', Topics.runRequested);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(2);
    const letters = dead.map((m) => m.json as Json);
    const firstLetter = letters.find((l) => (l['source'] as Json)['key'] === 'key-one') as Json;
    const firstSource = firstLetter['source'] as Json;
    expect(firstLetter).toMatchObject({ reason: 'INVALID_MESSAGE', value: JSON.stringify(first) });
    const line = listed.out.find((l) => l.startsWith(String(firstLetter['id']))) as string;
    expect(line).toContain(
      `source=${h.topic(Topics.runRequested)}/${String(firstSource['partition'])}/${String(firstSource['offset'])}`,
    );
    expect(line).toContain('reason=INVALID_MESSAGE');
    expect(line).toContain('key=key-one');
    expect(line).toMatch(/error="invalid RunRequestedMessage: .*runId/);
    expect(listed.err).toEqual([`2 dead letter(s) in ${h.topic(deadLetterTopic(Topics.runRequested))}`]);

    const limited = await dlq('list', `${Topics.runRequested}.dlq`, '--limit', '1', '--json');
    expect(limited.out).toHaveLength(1);
    expect(JSON.parse(limited.out[0])).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      source: expect.any(Object),
    });

    const replayed = await dlq('replay', Topics.runRequested, '--id', String(firstLetter['id']));
    expect(replayed).toMatchObject({
      code: 0,
      out: [expect.stringContaining(`replayed ${String(firstLetter['id'])}`)],
    });
    const again = await waitFor(
      () => source.find((m) => m.headers['x-flowline-replay-of'] === firstLetter['id']),
      { description: 'the replayed message on the source topic' },
    );
    expect(again.key).toBe('key-one');
    expect(again.value).toBe(JSON.stringify(first));
    expect(again.headers['x-test-marker']).toBe('first');
    // Only the one asked for: the second was not replayed.
    expect(source.filter((m) => m.key === 'key-two')).toHaveLength(1);

    // Still invalid, so the consumer dead-letters the replay again, naming where it came from.
    const third = await waitFor(() => (dead.length >= 3 ? dead[2] : undefined));
    expect((third.json as Json)['headers']).toMatchObject({ 'x-flowline-replay-of': firstLetter['id'] });
  });

  it('replays --all, and refuses an unknown id or bad arguments', async () => {
    const before = source.length;
    const all = await dlq('replay', Topics.runRequested, '--all');
    expect(all.code).toBe(0);
    expect(all.out.length).toBeGreaterThanOrEqual(3);
    await waitFor(() => (source.length >= before + all.out.length ? true : undefined));

    expect((await dlq('replay', Topics.runRequested, '--id', 'msg_AAAAAAAAAAAAAAAA')).code).toBe(1);
    expect((await dlq('replay', Topics.runRequested)).code).toBe(2);
    expect((await dlq('purge', Topics.runRequested)).code).toBe(2);
    expect((await dlq('list', 'flowline.nope.v1')).code).toBe(1);
  });
});
