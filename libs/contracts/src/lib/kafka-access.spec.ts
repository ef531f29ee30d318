import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KAFKA_ANALYST_PRINCIPAL,
  kafkaAccessByPrincipal,
  kafkaAclRules,
  kafkaLoginOf,
  kafkaSaslFromEnv,
  type KafkaAccessCatalogue,
  type KafkaAclRule,
} from './kafka-access';
import { TOPICS } from './topics';

const topicOps = (rules: KafkaAclRule[], principal: string, topic: string): string[] =>
  rules.filter((r) => r.principal === principal && r.resourceType === 'topic' && r.resourceName === topic).map((r) => r.operation).sort();

describe('Kafka ACLs from the catalogue', () => {
  const rules = kafkaAclRules();

  it('lets intake write its topics and notification read the contact topic, its group and write its DLQ', () => {
    expect(topicOps(rules, 'intake', 'intake.events.v1')).toEqual(['write']);
    expect(topicOps(rules, 'intake', 'intake.client-contact.v1')).toEqual(['write']);
    expect(topicOps(rules, 'notification', 'intake.client-contact.v1')).toEqual(['read']);
    expect(topicOps(rules, 'notification', 'notification.dlq')).toEqual(['write']);
    expect(rules).toContainEqual({ principal: 'notification', resourceType: 'group', patternType: 'literal', resourceName: 'notification', operation: 'read' });
    expect(rules).toContainEqual({ principal: 'intake', resourceType: 'cluster', patternType: 'literal', resourceName: 'kafka-cluster', operation: 'idempotent-write' });
  });

  it('lets intake read the scheduling topics its care relationships and known locations come from, in its own group, and write its DLQ', () => {
    for (const topic of ['scheduling.locations.v1', 'scheduling.therapists.v1', 'scheduling.appointments.v1']) expect(topicOps(rules, 'intake', topic)).toEqual(['read']);
    expect(rules).toContainEqual({ principal: 'intake', resourceType: 'group', patternType: 'literal', resourceName: 'intake', operation: 'read' });
    expect(topicOps(rules, 'intake', 'intake.dlq')).toEqual(['write']);
    expect(topicOps(rules, 'intake', 'scheduling.waitlist.v1')).toEqual([]);
  });

  it('gives every private topic at most one reader, and never the analyst', () => {
    for (const topic of TOPICS.filter((t) => t.visibility === 'private')) {
      const readers = rules.filter((r) => r.resourceName === topic.name && r.operation === 'read').map((r) => r.principal);
      expect(readers.length).toBeLessThanOrEqual(1);
      expect(readers).not.toContain(KAFKA_ANALYST_PRINCIPAL);
    }
  });

  it('lets the analyst read and describe public topics only, in groups prefixed analyst.', () => {
    const analyst = rules.filter((r) => r.principal === KAFKA_ANALYST_PRINCIPAL);
    const publicTopics = TOPICS.filter((t) => t.visibility === 'public').map((t) => t.name);
    expect(analyst.filter((r) => r.resourceType === 'topic').map((r) => r.resourceName).sort()).toEqual(
      [...publicTopics, ...publicTopics].sort(),
    );
    expect(analyst.filter((r) => r.resourceType === 'group')).toEqual([
      { principal: 'analyst', resourceType: 'group', patternType: 'prefixed', resourceName: 'analyst.', operation: 'read' },
    ]);
    expect(analyst.some((r) => r.operation === 'write')).toBe(false);
  });

  it('gives services that use no topic nothing at all', () => {
    expect(rules.filter((r) => r.principal === 'gateway')).toEqual([]);
    expect(kafkaAccessByPrincipal(rules).find((a) => a.principal === 'gateway')).toEqual({ principal: 'gateway', writes: [], reads: [], groups: [] });
  });

  it('refuses a catalogue that lets two services read a private topic, or names a service without a principal', () => {
    const privateTopic = { name: 'p.v1', partitions: 1, cleanupPolicy: 'delete', visibility: 'private', description: '' } as const;
    const dlq = { ...privateTopic, name: 'x.dlq' };
    const twoReaders: KafkaAccessCatalogue = {
      events: [],
      topics: [privateTopic],
      consumerGroups: [
        { name: 'a', service: 'scheduling', topics: ['p.v1'], deadLetterTopic: dlq },
        { name: 'b', service: 'treatment', topics: ['p.v1'], deadLetterTopic: dlq },
      ],
    };
    expect(() => kafkaAclRules(twoReaders)).toThrow(/private topic p.v1 would be readable by scheduling, treatment/);
    expect(() => kafkaAclRules({ events: [{ producer: 'billing', topic: 'p.v1' }], topics: [], consumerGroups: [] })).toThrow(
      /service billing has no Kafka principal/,
    );
  });
});

describe('kafkaSaslFromEnv', () => {
  it('is a SCRAM-SHA-256 login when a username is set, nothing otherwise', () => {
    expect(kafkaSaslFromEnv({})).toBeUndefined();
    expect(kafkaSaslFromEnv({ KAFKA_SASL_USERNAME: ' ' })).toBeUndefined();
    expect(kafkaSaslFromEnv({ KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 's3cret' })).toEqual({
      mechanism: 'scram-sha-256',
      username: 'intake',
      password: 's3cret',
    });
    expect(() => kafkaSaslFromEnv({ KAFKA_SASL_USERNAME: 'intake' })).toThrow(/KAFKA_SASL_PASSWORD is empty/);
  });

  it('with KAFKA_AUTH=sasl and no username, is the admin login read from the credentials file when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-credentials-'));
    const file = join(dir, 'credentials');
    const env = { KAFKA_AUTH: 'sasl', KAFKA_CREDENTIALS_FILE: file };
    try {
      // The file appears after the process started (a clean clone: env.sh ran before the broker wrote it).
      expect(() => kafkaSaslFromEnv(env)).toThrow(/has no admin password/);
      writeFileSync(file, 'admin=first\nintake=i\n');
      expect(kafkaSaslFromEnv(env)).toEqual({ mechanism: 'scram-sha-256', username: 'admin', password: 'first' });
      writeFileSync(file, 'admin=after-reset\n');
      expect(kafkaSaslFromEnv(env)?.password).toBe('after-reset');
      expect(kafkaLoginOf('intake', env)).toBeUndefined();
      expect(kafkaSaslFromEnv({ ...env, KAFKA_SASL_USERNAME: 'intake', KAFKA_SASL_PASSWORD: 'i' })?.username).toBe('intake');
      expect(kafkaSaslFromEnv({ ...env, KAFKA_AUTH: 'none' })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
