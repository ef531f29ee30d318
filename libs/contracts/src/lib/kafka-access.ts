import { readFileSync } from 'node:fs';
import type { EventDefinition, TopicDefinition } from './event-definition';
import { EVENT_CATALOGUE } from './catalogue';
import { CONSUMER_GROUPS, type ConsumerGroupDefinition } from './consumer-groups';
import { TOPICS } from './topics';

/**
 * Who may do what on the broker (ADR 0009). Every process logs in as one SCRAM principal; the ACLs
 * are generated from the catalogue below (infra/kafka/create-acls.sh), so they cannot drift from
 * what producers and consumers actually use.
 */

/** Super user of the broker: the scripts and tests that create topics, users and ACLs. */
export const KAFKA_ADMIN_PRINCIPAL = 'admin';
/** Analysts and their tools: public topics only, in consumer groups named `analyst.<anything>`. */
export const KAFKA_ANALYST_PRINCIPAL = 'analyst';
export const KAFKA_ANALYST_GROUP_PREFIX = 'analyst.';
/** One principal per service, named like the service (the `producer` and `service` of the catalogue). */
export const KAFKA_SERVICE_PRINCIPALS = ['intake', 'scheduling', 'treatment', 'notification', 'gateway'] as const;
export const KAFKA_PRINCIPALS: readonly string[] = [KAFKA_ADMIN_PRINCIPAL, KAFKA_ANALYST_PRINCIPAL, ...KAFKA_SERVICE_PRINCIPALS];

/** The only name Kafka accepts for the cluster resource. */
export const KAFKA_CLUSTER_RESOURCE = 'kafka-cluster';

export type KafkaAclResourceType = 'topic' | 'group' | 'cluster';
export type KafkaAclOperation = 'read' | 'write' | 'describe' | 'idempotent-write';

/** One ALLOW rule for `User:<principal>` from any host. Nothing else is allowed (allow.everyone.if.no.acl.found=false). */
export interface KafkaAclRule {
  readonly principal: string;
  readonly resourceType: KafkaAclResourceType;
  readonly patternType: 'literal' | 'prefixed';
  readonly resourceName: string;
  readonly operation: KafkaAclOperation;
}

export interface KafkaAccessCatalogue {
  readonly events: readonly Pick<EventDefinition<unknown>, 'producer' | 'topic'>[];
  readonly topics: readonly TopicDefinition[];
  readonly consumerGroups: readonly ConsumerGroupDefinition[];
}

const CATALOGUE: KafkaAccessCatalogue = { events: EVENT_CATALOGUE, topics: TOPICS, consumerGroups: CONSUMER_GROUPS };

/**
 * The ACLs of the system: a producer writes the topics of its events; a consumer group's service
 * reads the group's topics, uses the group and writes its dead-letter topic; every principal that
 * writes may use idempotent producers; the analyst reads public topics. Throws when the catalogue
 * names a service without a principal, or lets more than one principal read a private topic.
 */
export function kafkaAclRules(catalogue: KafkaAccessCatalogue = CATALOGUE): KafkaAclRule[] {
  const rules = new Map<string, KafkaAclRule>();
  const add = (rule: KafkaAclRule): void => {
    rules.set(`${rule.principal}|${rule.resourceType}|${rule.patternType}|${rule.resourceName}|${rule.operation}`, rule);
  };
  const topic = (principal: string, name: string, operation: KafkaAclOperation): void =>
    add({ principal: servicePrincipal(principal), resourceType: 'topic', patternType: 'literal', resourceName: name, operation });

  for (const event of catalogue.events) topic(event.producer, event.topic, 'write');
  for (const group of catalogue.consumerGroups) {
    for (const name of group.topics) topic(group.service, name, 'read');
    add({ principal: servicePrincipal(group.service), resourceType: 'group', patternType: 'literal', resourceName: group.name, operation: 'read' });
    topic(group.service, group.deadLetterTopic.name, 'write');
  }
  const writers = new Set([...rules.values()].filter((r) => r.operation === 'write').map((r) => r.principal));
  for (const principal of writers) {
    add({ principal, resourceType: 'cluster', patternType: 'literal', resourceName: KAFKA_CLUSTER_RESOURCE, operation: 'idempotent-write' });
  }
  for (const { name, visibility } of catalogue.topics) {
    if (visibility !== 'public') continue;
    for (const operation of ['read', 'describe'] as const) {
      add({ principal: KAFKA_ANALYST_PRINCIPAL, resourceType: 'topic', patternType: 'literal', resourceName: name, operation });
    }
  }
  add({ principal: KAFKA_ANALYST_PRINCIPAL, resourceType: 'group', patternType: 'prefixed', resourceName: KAFKA_ANALYST_GROUP_PREFIX, operation: 'read' });

  const result = [...rules.values()];
  for (const { name, visibility } of catalogue.topics) {
    const readers = new Set(result.filter((r) => r.resourceType === 'topic' && r.resourceName === name && r.operation === 'read').map((r) => r.principal));
    if (visibility === 'private' && readers.size > 1) {
      throw new Error(`private topic ${name} would be readable by ${[...readers].join(', ')}: a private topic has one consumer`);
    }
  }
  return result;
}

function servicePrincipal(service: string): string {
  if (!(KAFKA_SERVICE_PRINCIPALS as readonly string[]).includes(service)) {
    throw new Error(`service ${service} has no Kafka principal: add it to KAFKA_SERVICE_PRINCIPALS`);
  }
  return service;
}

/** What one principal may do, for docs/events.md. */
export interface KafkaPrincipalAccess {
  readonly principal: string;
  readonly writes: string[];
  readonly reads: string[];
  readonly groups: string[];
}

export function kafkaAccessByPrincipal(rules: readonly KafkaAclRule[] = kafkaAclRules()): KafkaPrincipalAccess[] {
  return KAFKA_PRINCIPALS.filter((p) => p !== KAFKA_ADMIN_PRINCIPAL).map((principal) => {
    const mine = rules.filter((r) => r.principal === principal);
    const names = (type: KafkaAclResourceType, operation: KafkaAclOperation): string[] =>
      mine
        .filter((r) => r.resourceType === type && r.operation === operation)
        .map((r) => (r.patternType === 'prefixed' ? `${r.resourceName}*` : r.resourceName));
    return { principal, writes: names('topic', 'write'), reads: names('topic', 'read'), groups: names('group', 'read') };
  });
}

/** The SASL login a kafkajs client passes as `sasl` (structurally kafkajs's SASLOptions). */
export interface KafkaScramLogin {
  readonly mechanism: 'scram-sha-256';
  readonly username: string;
  readonly password: string;
}

/**
 * The SCRAM login of `principal` from the local broker's credentials file (`KAFKA_CREDENTIALS_FILE`,
 * `principal=password` lines written by infra/kafka/start.sh with KAFKA_AUTH=sasl), or undefined when
 * the file or the line is missing.
 */
export function kafkaLoginOf(principal: string, env: Readonly<Record<string, string | undefined>>): KafkaScramLogin | undefined {
  const file = env['KAFKA_CREDENTIALS_FILE'];
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const password = text
    .split('\n')
    .find((line) => line.startsWith(`${principal}=`))
    ?.slice(principal.length + 1)
    .trim();
  return password ? { mechanism: 'scram-sha-256', username: principal, password } : undefined;
}

/**
 * The SCRAM login a Kafka client of this process uses (ADR 0009):
 * - `KAFKA_SASL_USERNAME` / `KAFKA_SASL_PASSWORD` when a username is set (scripts/up.sh gives each
 *   service its own principal's);
 * - otherwise, with `KAFKA_AUTH=sasl`, the admin login from `KAFKA_CREDENTIALS_FILE`, read when the
 *   client is built: tools and tests started before the broker wrote that file (a clean clone, where
 *   scripts/env.sh ran before infra/kafka/start.sh) or before a reset changed it still log in;
 * - otherwise undefined (a broker without authentication, KAFKA_AUTH=none).
 */
export function kafkaSaslFromEnv(env: Readonly<Record<string, string | undefined>>): KafkaScramLogin | undefined {
  const username = env['KAFKA_SASL_USERNAME']?.trim();
  if (username) {
    const password = env['KAFKA_SASL_PASSWORD'];
    if (!password) throw new Error(`KAFKA_SASL_USERNAME is ${username} but KAFKA_SASL_PASSWORD is empty`);
    return { mechanism: 'scram-sha-256', username, password };
  }
  if (env['KAFKA_AUTH'] !== 'sasl') return undefined;
  const admin = kafkaLoginOf(KAFKA_ADMIN_PRINCIPAL, env);
  if (!admin) {
    throw new Error(
      `KAFKA_AUTH is sasl but KAFKA_SASL_USERNAME is unset and ${env['KAFKA_CREDENTIALS_FILE'] ?? 'KAFKA_CREDENTIALS_FILE'} has no admin password (start the broker with KAFKA_AUTH=sasl first)`,
    );
  }
  return admin;
}
