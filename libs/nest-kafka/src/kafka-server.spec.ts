import { FlowlineKafkaServer } from './kafka-server';

describe('FlowlineKafkaServer handler lookup', () => {
  const server = new FlowlineKafkaServer({
    serviceName: 'lookup-test',
    brokers: ['127.0.0.1:1'],
    topicPrefix: 'e2e.x.',
  });
  const onDispatch = jest.fn();
  const onObject = jest.fn();
  server.addHandler('nodes.dispatch.webhook', onDispatch, true);
  server.addHandler({ cmd: 'ping' }, onObject, true);
  afterEach(() => jest.restoreAllMocks());

  it('finds a handler by its prefixed topic without trying the topic as JSON', () => {
    const parse = jest.spyOn(JSON, 'parse');
    expect(server.getHandlerByPattern('e2e.x.nodes.dispatch.webhook')).toBe(onDispatch);
    expect(server.getHandlerByPattern('e2e.x.nodes.dispatch.kafka')).toBeNull();
    expect(parse).not.toHaveBeenCalled();
  });

  it('still finds handlers declared with object patterns', () => {
    expect(server.getHandlerByPattern('{"cmd":"ping"}')).toBe(onObject);
  });
});
