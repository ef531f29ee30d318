import type { DataSource } from 'typeorm';
import { InvalidConsumerConfigError, ReliableKafkaTransport, type ReliableKafkaTransportOptions } from './reliable-kafka.transport';

function options(overrides: Partial<ReliableKafkaTransportOptions>): ReliableKafkaTransportOptions {
  return { brokers: ['127.0.0.1:1'], groupId: 'g', topics: ['t'], dataSource: {} as DataSource, ...overrides };
}

describe('ReliableKafkaTransport configuration', () => {
  it('accepts the defaults (a 10 s deadline under the 30 s session timeout) and reports itself not connected before listen()', () => {
    const transport = new ReliableKafkaTransport(options({}));
    expect(transport.health()).toEqual({ groupId: 'g', connected: false, status: 'disconnected', heldPartitions: 0 });
  });

  it('refuses a handler deadline that is not well under the session timeout, naming the setting', () => {
    expect(() => new ReliableKafkaTransport(options({ handlerTimeoutMs: 20_000 }))).toThrow(InvalidConsumerConfigError);
    expect(() => new ReliableKafkaTransport(options({ handlerTimeoutMs: 4000, consumerConfig: { sessionTimeout: 6000 } }))).toThrow(
      'handlerTimeoutMs: 4000 ms is not well under the consumer',
    );
    expect(() => new ReliableKafkaTransport(options({ handlerTimeoutMs: 3000, consumerConfig: { sessionTimeout: 6000 } }))).not.toThrow();
  });

  it('refuses a group size that is not a positive integer, naming the setting', () => {
    expect(() => new ReliableKafkaTransport(options({ maxRecordsPerTransaction: 0 }))).toThrow('maxRecordsPerTransaction: must be a positive integer');
    expect(() => new ReliableKafkaTransport(options({ maxRecordsPerTransaction: 1 }))).not.toThrow();
  });

  it('refuses a deadline that is not a positive number', () => {
    expect(() => new ReliableKafkaTransport(options({ handlerTimeoutMs: 0 }))).toThrow('handlerTimeoutMs: must be a positive number');
  });
});
