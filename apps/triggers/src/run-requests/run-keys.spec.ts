import { newId } from '@flowline/contracts';
import {
  canonicalJson,
  eventRunKey,
  isIdempotencyKey,
  selfServeRunKey,
  submissionFingerprint,
} from './run-keys';

describe('run keys', () => {
  it('keys a self-service submission by org, workflow and the client idempotency key', () => {
    expect(selfServeRunKey('org_a', 'deploy', 'retry-1', 'wfr_x')).toBe('self-serve:org_a:deploy:retry-1');
  });

  it('uses the new run id when the client sent no idempotency key, so every submission is its own run', () => {
    const runId = newId('workflowRun');
    expect(selfServeRunKey('org_a', 'deploy', undefined, runId)).toBe(runId);
  });

  it('keys an event run by event id and workflow', () => {
    expect(eventRunKey('msg_abc', 'on-update')).toBe('event:msg_abc:on-update');
    expect(eventRunKey('msg_abc', 'on-update')).not.toBe(eventRunKey('msg_abc', 'on-create'));
  });

  it('keeps the longest possible keys within the 300 characters a run request allows', () => {
    const key = selfServeRunKey('o'.repeat(128), 'w'.repeat(60), 'k'.repeat(96), 'wfr_x');
    expect(key.length).toBeLessThanOrEqual(300);
    expect(eventRunKey('m'.repeat(64), 'w'.repeat(60)).length).toBeLessThanOrEqual(300);
  });

  it.each([
    ['a uuid', '3f2c9a4e-8d1b-4c7e-9f00-1a2b3c4d5e6f', true],
    ['96 visible characters', 'x'.repeat(96), true],
    ['an empty key', '', false],
    ['97 characters', 'x'.repeat(97), false],
    ['a space', 'a b', false],
    ['non-ASCII', 'clé', false],
  ])('accepts or refuses %s as an Idempotency-Key', (_label, key, ok) => {
    expect(isIdempotencyKey(key)).toBe(ok);
  });

  it('fingerprints a submission whatever the key order, and tells other submissions apart', () => {
    const one = submissionFingerprint({
      actorId: 'u',
      nodeIdentifier: 't',
      inputs: { a: 1, b: [1, { c: 2 }] },
    });
    const same = submissionFingerprint({
      nodeIdentifier: 't',
      inputs: { b: [1, { c: 2 }], a: 1 },
      actorId: 'u',
    });
    expect(one).toBe(same);
    expect(
      submissionFingerprint({ actorId: 'v', nodeIdentifier: 't', inputs: { a: 1, b: [1, { c: 2 }] } }),
    ).not.toBe(one);
    expect(
      submissionFingerprint({ actorId: 'u', nodeIdentifier: 't', inputs: { a: 2, b: [1, { c: 2 }] } }),
    ).not.toBe(one);
  });

  it('writes canonical JSON with sorted keys and no undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: 'x' }, e: [null, 'y'] })).toBe(
      '{"a":{"c":"x"},"b":1,"e":[null,"y"]}',
    );
  });
});
