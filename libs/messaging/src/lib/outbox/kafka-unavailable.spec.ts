import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { describeSendError, isKafkaUnavailable } from './kafka-unavailable';

/** What kafkajs throws after its retries: KafkaJSNumberOfRetriesExceeded (a non-retriable error) around the cause. */
function afterRetries(cause: Error): Error {
  const e = new KafkaJSNonRetriableError(cause.message);
  Object.defineProperties(e, { name: { value: 'KafkaJSNumberOfRetriesExceeded' }, cause: { value: cause } });
  return e;
}

/** Shaped like kafkajs's protocol errors: the broker's error code name in `type`. */
function protocolError(type: string, message: string): Error {
  return Object.assign(new KafkaJSProtocolError(message), { type });
}

describe('isKafkaUnavailable: an outage charges no row, a refusal does', () => {
  it.each([
    ['a refused connection', afterRetries(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'))],
    ['a request timeout', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
    ['a leader election', afterRetries(protocolError('LEADER_NOT_AVAILABLE', 'There is no leader for this topic-partition'))],
  ])('%s is an outage', (_, error) => {
    expect(isKafkaUnavailable(error)).toBe(true);
  });

  it.each([
    ['a topic that does not exist', afterRetries(protocolError('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition'))],
    ['a record too large', protocolError('MESSAGE_TOO_LARGE', 'The request included a message larger than the max message size')],
    ['a stuck idempotent producer', new KafkaJSNonRetriableError('The broker received an out of order sequence number')],
    ['anything else', new Error('boom')],
  ])('%s is the row’s (or the producer’s) problem', (_, error) => {
    expect(isKafkaUnavailable(error)).toBe(false);
  });

  it('describes an error with its causes', () => {
    const error = afterRetries(protocolError('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition'));
    expect(describeSendError(error)).toBe(
      'KafkaJSNumberOfRetriesExceeded: This server does not host this topic-partition <- KafkaJSProtocolError: This server does not host this topic-partition',
    );
  });
});
