import { DEFAULT_SESSION_TIMEOUT_MS, kafkaOptions } from './kafka-options';

describe('kafkaOptions', () => {
  const settings = { serviceName: 'orchestrator', brokers: ['127.0.0.1:9092'], topicPrefix: 'test.' };

  it('gives a crashed member 10 s by default, heartbeating every third of it', () => {
    const { consumer } = kafkaOptions(settings);
    expect(DEFAULT_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(consumer?.sessionTimeout).toBe(10_000);
    expect(consumer?.heartbeatInterval).toBe(3_333);
    expect(consumer?.groupId).toBe('test.orchestrator');
  });

  it('takes the session timeout from the settings', () => {
    const { consumer } = kafkaOptions({ ...settings, sessionTimeoutMs: 45_000 });
    expect(consumer?.sessionTimeout).toBe(45_000);
    expect(consumer?.heartbeatInterval).toBe(15_000);
  });
});
