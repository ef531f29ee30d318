import { ClientContactRecorded, IntakeCompleted, IntakeCompletedV2Event, NotificationSent } from '@massage/contracts';
import { collectTopic, readMailbox } from '@massage/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { PostgresCluster } from '../infra/postgres-cluster';
import type { CommittedEvent, ConsumerEvidence } from './run-verdict';

/** Where one run's producers and consumers keep their records. */
export interface RunStores {
  cluster: PostgresCluster;
  intakeDb: string;
  notificationDb: string;
  groupId: string;
  deadLetterTopic: string;
  brokers: string[];
  mailboxDir: string;
}

/** A completed intake, in either version intake publishes (both, until v1 is retired): its client must be welcomed. */
export const INTAKE_COMPLETED_TYPES = [IntakeCompleted.type, IntakeCompletedV2Event.type];
/** The events notification must apply: what it consumes, in intake's outbox. */
const CONSUMED_TYPES = [...INTAKE_COMPLETED_TYPES, ClientContactRecorded.type];
const WELCOME_MESSAGE_ID = /^<?welcome\.([0-9a-f-]{36})@/i;

export async function readCommitted(stores: RunStores): Promise<CommittedEvent[]> {
  const rows = await stores.cluster.query<{ id: string; seq: string; topic: string; key: string; type: string; committed_at: number }>(
    stores.intakeDb,
    `SELECT id, seq, topic, key, type, (extract(epoch FROM created_at) * 1000)::float8 AS committed_at FROM outbox WHERE type = ANY($1)`,
    [CONSUMED_TYPES],
  );
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    topic: r.topic,
    key: r.key,
    type: r.type,
    committedAt: Number(r.committed_at),
    welcomes: INTAKE_COMPLETED_TYPES.includes(r.type),
  }));
}

/** How many of the committed events the consumer has handled (inbox rows): the cheap probe while waiting. */
export async function countHandled(stores: RunStores): Promise<number> {
  const [row] = await stores.cluster.query<{ n: string }>(stores.notificationDb, 'SELECT count(*) AS n FROM inbox WHERE consumer_group = $1', [stores.groupId]);
  return Number(row?.n ?? 0);
}

export async function readEvidence(stores: RunStores): Promise<ConsumerEvidence> {
  const { cluster, notificationDb } = stores;
  const inbox = await cluster.query<{ event_id: string; at: number }>(
    notificationDb,
    `SELECT event_id, (extract(epoch FROM handled_at) * 1000)::float8 AS at FROM inbox WHERE consumer_group = $1`,
    [stores.groupId],
  );
  const deliveries = await cluster.query<{ client_id: string; trigger: string; status: string; sent_at: number | null }>(
    notificationDb,
    `SELECT client_id, triggered_by_event_id AS trigger, status, (extract(epoch FROM sent_at) * 1000)::float8 AS sent_at FROM delivery WHERE kind = 'welcome'`,
  );
  const sent = await cluster.query<{ trigger: string; n: string }>(
    notificationDb,
    `SELECT payload->>'triggeredBy' AS trigger, count(*) AS n FROM outbox WHERE type = $1 GROUP BY 1`,
    [NotificationSent.type],
  );
  const mails = new Map<string, number>();
  for (const mail of await readMailbox(stores.mailboxDir)) {
    const eventId = WELCOME_MESSAGE_ID.exec(mail.messageId ?? '')?.[1]?.toLowerCase();
    if (eventId) mails.set(eventId, (mails.get(eventId) ?? 0) + 1);
  }
  return {
    handled: groupBy(inbox, (r) => r.event_id, (r) => Number(r.at)),
    deliveries: groupBy(deliveries, (r) => r.client_id, (r) => ({ trigger: r.trigger, status: r.status, sentAt: r.sent_at === null ? null : Number(r.sent_at) })),
    notificationsSent: new Map(sent.map((r) => [r.trigger, Number(r.n)])),
    mails,
    deadLettered: await readDeadLetterIds(stores),
  };
}

/** The `ce_id` of every record in the run's dead-letter topic (read to its end). */
export async function readDeadLetterIds(stores: RunStores): Promise<Set<string>> {
  const admin = new Kafka({ clientId: 'faults-ledger', brokers: stores.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  let total = 0;
  try {
    total = (await admin.fetchTopicOffsets(stores.deadLetterTopic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
  if (total === 0) return new Set();
  const collector = await collectTopic(stores.brokers, stores.deadLetterTopic, { fromBeginning: true, groupIdPrefix: 'faults-dlq-read' });
  try {
    const messages = await collector.waitForMessages(total, { timeoutMs: 30_000 });
    return new Set(messages.map((m) => m.headers['ce_id'] ?? '').filter((id) => id !== ''));
  } finally {
    await collector.stop();
  }
}

function groupBy<R, V>(rows: readonly R[], key: (row: R) => string, value: (row: R) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), value(row)]);
  return map;
}
