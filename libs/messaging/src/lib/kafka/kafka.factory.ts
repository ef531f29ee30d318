import { Logger } from '@nestjs/common';
import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** `KAFKA_BROKERS` (comma-separated), default 127.0.0.1:9092. */
export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['KAFKA_BROKERS'] || DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** Routes kafkajs logs through the Nest Logger (context `kafkajs`). */
export const nestKafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
};

/**
 * A kafkajs client with the project's defaults: retry with backoff, WARN log level through Nest's Logger,
 * and the SCRAM login of KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD when set (ADR 0009).
 */
export function createKafka(opts: { clientId: string; brokers: string[] } & Omit<Partial<KafkaConfig>, 'brokers' | 'clientId'>): Kafka {
  return new Kafka({
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Retries spaced at most 5 s apart: kafkajs's backoff otherwise grows to 30 s, so a consumer or
    // producer noticed a broker that came back only tens of seconds later (fault suite, broker kill).
    retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: nestKafkaLogCreator,
    sasl: kafkaSaslFromEnv(process.env),
    ...opts,
  });
}

/** A kafkajs client for `KAFKA_BROKERS`. */
export function kafkaFromEnv(clientId: string, overrides: Omit<Partial<KafkaConfig>, 'brokers' | 'clientId'> = {}): Kafka {
  return createKafka({ ...overrides, clientId, brokers: brokersFromEnv() });
}
