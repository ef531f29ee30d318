import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { INTAKE_EVENTS_TOPIC, kafkaSaslFromEnv } from '@massage/contracts';
import type { HealthAnswers } from '@massage/intake-domain';
import { OutboxRelay } from '@massage/messaging';
import { GATEWAY_ASSERTION_HEADER, type GatewayAssertionSigner } from '@massage/platform-security';
import type { Actor, Role } from '@massage/security';
import { collectTopic, testKafka, waitFor, type CollectedMessage } from '@massage/testing';

/*
 * What intake's HTTP specs share: the caller of each role, its signed gateway assertion, a problem+json body and an
 * outbox row as the specs read them, a health-answer form with nothing to report, and one client's events relayed to Kafka.
 */

/** The location the specs' callers work at. */
export const HOME = 'downtown-toronto';

/** A problem+json body as the specs read it. */
export interface Problem {
  status: number;
  'invalid-params'?: { name: string; reason: string }[];
}

/** An outbox row as the specs read it. */
export interface OutboxRow {
  type: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
}

/** The caller of a role: HQ anywhere, any other role at `locationId`. */
export const actorOf = (role: Role, locationId = HOME): Actor =>
  role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1@${locationId}`, role, locationId };

/** The headers of a request from `role` at `locationId`, asserted by the gateway's key. */
export const assertionHeaders =
  (signer: GatewayAssertionSigner) =>
  (role: Role, locationId = HOME): Record<string, string> => ({ [GATEWAY_ASSERTION_HEADER]: signer.sign(actorOf(role, locationId), 'intake') });

/** The fields a problem+json body names. */
export const problemFields = (body: unknown): string[] => ((body as Problem)['invalid-params'] ?? []).map((p) => p.name);

/** Form v2 answers with nothing to report (pressure preference P3). */
export const NO_ANSWERS: HealthAnswers = { conditions: [], surgeries: [], fractures: [], devices: [], medications: [], symptomsToday: [], painAreas: [], pressurePreference: 'P3' };

/**
 * Relays one client's pending outbox rows (only theirs: the others' are marked published) with a real relay and
 * resolves to the messages under the client's key on intake.events.v1, once as many have arrived as the outbox holds
 * for the client there; `expected` is that outbox's event types, in order.
 */
export async function relayClientEvents(app: INestApplication, pg: Client, clientId: string): Promise<{ expected: string[]; messages: CollectedMessage[] }> {
  const { rows } = await pg.query<{ type: string }>(`SELECT type FROM outbox WHERE key = $1 AND topic = $2 ORDER BY seq`, [clientId, INTAKE_EVENTS_TOPIC.name]);
  const expected = rows.map((r) => r.type);
  await pg.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL AND key <> $1`, [clientId]);
  const { brokers } = await testKafka();
  const collector = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name);
  const relay = new OutboxRelay({
    dataSource: app.get(DataSource),
    kafka: new Kafka({ clientId: 'intake-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }),
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
  });
  try {
    await relay.drainOnce();
    const mine = () => collector.messages.filter((m) => m.key === clientId);
    await waitFor(() => mine().length >= expected.length, { timeoutMs: 30_000, description: `${expected.length} events of client ${clientId} on ${INTAKE_EVENTS_TOPIC.name}` });
    return { expected, messages: mine() };
  } finally {
    await relay.stop();
    await collector.stop();
  }
}
