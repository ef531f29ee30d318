import { randomUUID } from 'node:crypto';
import { deadLetterTopicName } from '@massage/contracts';
import { Partitioners, logLevel, type IHeaders, type Kafka, type KafkaMessage, type Message } from 'kafkajs';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { DLQ_HEADERS } from '../consumer/reliable-kafka.transport';
import { CE_HEADERS, headerString } from '../envelope/cloud-events.envelope';
import { kafkaFromEnv } from '../kafka/kafka.factory';
import { isoTimeFlag, parseToolFlags, positiveIntFlag, subCommand } from './tool-args';
import { withDataSource } from './with-data-source';

export const DEAD_LETTER_USAGE = [
  'usage: main.js dlq list [--group G] [--limit N] [--json]',
  '       main.js dlq replay --group G (--event-id ID | --since ISO-TIME | --all) [--dry-run]',
].join('\n');

/** One record of `<group>.dlq`, as an operator reads it, with what a replay sends. */
export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  /** `ce_id` (null for an unparseable record without one). */
  eventId: string | null;
  type: string | null;
  key: string | null;
  reason: string | null;
  error: string | null;
  attempts: number | null;
  consumerGroup: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  failedAt: string | null;
  /** The original record: key, value and headers without the `dlq_*` ones. */
  original: { key: Buffer | null; value: Buffer | null; headers: IHeaders };
}

/** How long reading a DLQ to its end may take before the tool gives up (a broker that does not answer). */
const READ_TIMEOUT_MS = 30_000;
const DLQ_HEADER_PREFIX = 'dlq_';

/**
 * Reads a dead-letter topic from its beginning up to its end as it is now, without touching any consumer
 * group's offsets: it reads as a throwaway group (`<topic>-tool-<uuid>`) that commits nothing and is
 * deleted afterwards. Records come back ordered by partition and offset.
 */
export async function readDeadLetters(kafka: Kafka, topic: string, timeoutMs = READ_TIMEOUT_MS): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new Error(`dead-letter topic ${topic} does not exist`);
    const ends = new Map<number, bigint>();
    for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    if (ends.size === 0) return [];

    const groupId = `${topic}-tool-${randomUUID()}`;
    const letters: DeadLetter[] = [];
    let reachedEnd: () => void = () => undefined;
    const atEnd = new Promise<void>((resolve) => (reachedEnd = resolve));
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const end = ends.get(batch.partition);
          if (end === undefined) return;
          for (const m of batch.messages) if (BigInt(m.offset) < end) letters.push(toDeadLetter(topic, batch.partition, m));
          if (BigInt(batch.lastOffset()) + 1n >= end) {
            ends.delete(batch.partition);
            if (ends.size === 0) reachedEnd();
          }
        },
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic} did not reach its end within ${timeoutMs} ms (read ${letters.length})`)), timeoutMs);
      });
      await Promise.race([atEnd, timeout]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.disconnect();
  }
}

function toDeadLetter(topic: string, partition: number, m: KafkaMessage): DeadLetter {
  const headers: IHeaders = {};
  const text = (name: string): string | null => headerString(m.headers, name) ?? null;
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (!name.startsWith(DLQ_HEADER_PREFIX) && value !== undefined) headers[name] = value;
  }
  const num = (name: string): number | null => {
    const v = text(name);
    return v === null || !/^\d+$/.test(v) ? null : Number(v);
  };
  return {
    topic,
    partition,
    offset: m.offset,
    eventId: text(CE_HEADERS.id),
    type: text(CE_HEADERS.type),
    key: m.key?.toString() ?? null,
    reason: text(DLQ_HEADERS.reason),
    error: text(DLQ_HEADERS.error),
    attempts: num(DLQ_HEADERS.attempts),
    consumerGroup: text(DLQ_HEADERS.consumerGroup),
    originalTopic: text(DLQ_HEADERS.originalTopic),
    originalPartition: num(DLQ_HEADERS.originalPartition),
    originalOffset: text(DLQ_HEADERS.originalOffset),
    failedAt: text(DLQ_HEADERS.failedAt),
    original: { key: m.key, value: m.value, headers },
  };
}

/** Which dead letters a replay takes: one event, those that failed since a time, or all. */
export type ReplaySelector = { eventId: string } | { since: Date } | { all: true };

/**
 * The dead letters a replay sends, in the order they were first consumed (original partition, then
 * offset), each event once (the latest copy, if it was dead-lettered again after an earlier replay).
 * Records without an original topic cannot be replayed and are left out.
 */
export function selectForReplay(letters: readonly DeadLetter[], selector: ReplaySelector): DeadLetter[] {
  const matches = letters.filter((l) => {
    if (l.originalTopic === null) return false;
    if ('eventId' in selector) return l.eventId === selector.eventId;
    if ('since' in selector) return l.failedAt !== null && new Date(l.failedAt).getTime() >= selector.since.getTime();
    return true;
  });
  const latest = new Map<string, DeadLetter>();
  for (const l of matches) latest.set(l.eventId ?? `${l.topic}[${l.partition}]@${l.offset}`, l); // letters are in DLQ order
  const order = (l: DeadLetter): [string, number, bigint] => [l.originalTopic ?? '', l.originalPartition ?? -1, BigInt(l.originalOffset ?? '-1')];
  return [...latest.values()].sort((a, b) => {
    const [ta, pa, oa] = order(a);
    const [tb, pb, ob] = order(b);
    return ta.localeCompare(tb) || pa - pb || (oa < ob ? -1 : oa > ob ? 1 : 0);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReplayResult {
  replayed: DeadLetter[];
  /** Of those, the events the group has already applied (its inbox holds them): the consumer will skip them. */
  alreadyApplied: Set<string>;
}

/**
 * Republishes the selected dead letters of `group` to their original topics with their original key, value
 * and headers (so the same `ce_id`: the consumer's inbox makes a replay safe), after clearing the group's
 * `consumer_attempt` rows for those events so each gets a fresh set of attempts. `dryRun` sends and
 * changes nothing.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  dataSource: DataSource,
  group: string,
  selector: ReplaySelector,
  opts: { dryRun?: boolean; timeoutMs?: number } = {},
): Promise<ReplayResult> {
  const replayed = selectForReplay(await readDeadLetters(kafka, deadLetterTopicName(group), opts.timeoutMs), selector);
  const ids = replayed.map((l) => l.eventId).filter((id): id is string => id !== null && UUID.test(id));
  const applied = ids.length
    ? ((await dataSource.query(`SELECT "event_id" FROM "inbox" WHERE "consumer_group" = $1 AND "event_id" = ANY($2::uuid[])`, [group, ids])) as { event_id: string }[])
    : [];
  const result: ReplayResult = { replayed, alreadyApplied: new Set(applied.map((r) => r.event_id)) };
  if (opts.dryRun || replayed.length === 0) return result;

  if (ids.length) await dataSource.query(`DELETE FROM "consumer_attempt" WHERE "consumer_group" = $1 AND "event_id" = ANY($2::uuid[])`, [group, ids]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    // One send per record, in order: records of one key go back in the order they were first consumed.
    for (const l of replayed) {
      if (l.originalTopic === null) continue; // selectForReplay leaves these out
      const message: Message = { key: l.original.key, value: l.original.value, headers: l.original.headers };
      await producer.send({ topic: l.originalTopic, acks: -1, messages: [message] });
    }
  } finally {
    await producer.disconnect();
  }
  return result;
}

export function formatDeadLetters(letters: readonly DeadLetter[], total: number): string {
  if (total === 0) return 'no dead letters';
  const lines = letters.map((l) =>
    [
      `${l.topic}[${l.partition}]@${l.offset}`,
      `failed ${l.failedAt ?? '?'}`,
      `${l.reason ?? '?'} after ${l.attempts ?? '?'} attempt(s)`,
      `id ${l.eventId ?? '-'}`,
      `type ${l.type ?? '-'}`,
      `key ${l.key ?? '-'}`,
      `from ${l.originalTopic ?? '?'}[${l.originalPartition ?? '?'}]@${l.originalOffset ?? '?'}`,
    ].join('  ') + `\n    error: ${l.error ?? '-'}`,
  );
  const shown = letters.length < total ? `${letters.length} most recent of ${total} dead letters` : `${total} dead letter(s)`;
  return [...lines, shown].join('\n');
}

function formatReplay(result: ReplayResult, group: string, dryRun: boolean): string {
  if (result.replayed.length === 0) return `no dead letters of group ${group} match`;
  const lines = result.replayed.map((l) => {
    const skipped = l.eventId !== null && result.alreadyApplied.has(l.eventId) ? '  (already applied by the group: it will skip it)' : '';
    return `${dryRun ? 'would republish' : 'republished'} ${l.eventId ?? '-'} ${l.type ?? '-'} key ${l.key ?? '-'} to ${l.originalTopic}${skipped}`;
  });
  return [...lines, `${result.replayed.length} dead letter(s) ${dryRun ? 'would be republished (dry run: nothing sent)' : 'republished'}`].join('\n');
}

/** One JSON line per dead letter, without the raw original record. */
function toJson(l: DeadLetter): string {
  return JSON.stringify(l, (name, value: unknown) => (name === 'original' ? undefined : value));
}

export interface DeadLetterCommandOptions {
  /** The service's consumer groups: `dlq list` without `--group` lists all of their dead letters. */
  groups: readonly string[];
  /** The service's database (it holds `inbox` and `consumer_attempt`). */
  dataSourceOptions: () => DataSourceOptions;
  /** Default: `KAFKA_BROKERS`. */
  kafka?: () => Kafka;
}

/**
 * `main.js dlq list|replay …` for a service with consumers: `commands: { dlq: deadLetterCommand({ groups, dataSourceOptions }) }`.
 * `list` reads `<group>.dlq` from the beginning and prints each dead letter; `replay` republishes the
 * matching ones (see {@link replayDeadLetters}). Neither commits a consumer group's offsets.
 */
export function deadLetterCommand(opts: DeadLetterCommandOptions): (args: string[]) => Promise<string> {
  const kafkaOf = opts.kafka ?? (() => kafkaFromEnv('dlq-tool', { logLevel: logLevel.ERROR }));
  const run = deadLetterCommandOf(opts, kafkaOf);
  return (args) => run(args).catch((e: unknown) => Promise.reject(withAuthorizationHint(e)));
}

/**
 * With Kafka authentication on (ADR 0009) a service's own principal may write its DLQ but not read it,
 * and may not write other services' topics, which a replay republishes: say who should run the tool.
 * kafkajs reports a refused consumer group as "Failed to find group coordinator".
 */
export function withAuthorizationHint(error: unknown): unknown {
  if (!(error instanceof Error) || !/authoriz|group coordinator/i.test(`${error.name} ${error.message}`)) return error;
  return new Error(
    `${error.message}\nKafka refused this principal: run \`dlq\` as an operator principal that may read the DLQ, use consumer groups ` +
      `named <group>.dlq-tool-* and write the original topics (locally KAFKA_SASL_USERNAME=admin, see docs/adr/0009-kafka-authentication-and-acls.md)`,
  );
}

function deadLetterCommandOf(opts: DeadLetterCommandOptions, kafkaOf: () => Kafka): (args: string[]) => Promise<string> {
  return async (args) => {
    const { sub, rest } = subCommand(args, ['list', 'replay'] as const, DEAD_LETTER_USAGE);
    if (sub === 'list') {
      const flags = parseToolFlags(rest, { group: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, DEAD_LETTER_USAGE);
      const limit = positiveIntFlag('limit', flags.limit, 100, DEAD_LETTER_USAGE);
      const kafka = kafkaOf();
      const letters: DeadLetter[] = [];
      for (const group of flags.group !== undefined ? [flags.group] : opts.groups) letters.push(...(await readDeadLetters(kafka, deadLetterTopicName(group))));
      letters.sort((a, b) => (a.failedAt ?? '').localeCompare(b.failedAt ?? ''));
      const shown = letters.slice(-limit);
      return flags.json ? shown.map(toJson).join('\n') : formatDeadLetters(shown, letters.length);
    }
    const flags = parseToolFlags(
      rest,
      { group: { type: 'string' }, 'event-id': { type: 'string' }, since: { type: 'string' }, all: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
      DEAD_LETTER_USAGE,
    );
    const group = flags.group;
    if (group === undefined) throw new Error(`replay needs --group (one of: ${opts.groups.join(', ')})\n${DEAD_LETTER_USAGE}`);
    const chosen = [flags['event-id'] !== undefined, flags.since !== undefined, flags.all === true].filter(Boolean).length;
    if (chosen !== 1) throw new Error(`replay needs exactly one of --event-id, --since or --all\n${DEAD_LETTER_USAGE}`);
    const selector: ReplaySelector =
      flags['event-id'] !== undefined ? { eventId: flags['event-id'] } : flags.since !== undefined ? { since: isoTimeFlag('since', flags.since, DEAD_LETTER_USAGE) } : { all: true };
    const dryRun = flags['dry-run'] === true;
    return withDataSource(opts.dataSourceOptions(), async (ds) =>
      formatReplay(await replayDeadLetters(kafkaOf(), ds, group, selector, { dryRun }), group, dryRun),
    );
  };
}
