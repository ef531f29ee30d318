import { randomUUID } from 'node:crypto';
import { assertPayload, type EventDefinition } from '@massage/contracts';
import type { EntityManager } from 'typeorm';
import { toKafkaMessage, type EventEnvelope } from '../envelope/cloud-events.envelope';
import { OUTBOX_CHANNEL } from './outbox.constants';

export interface EnqueueMeta {
  /** The chain this event belongs to; defaults to the new event's own id. */
  correlationId?: string;
  /** The id of the event (or request) that caused this one. */
  causationId?: string;
  /** A caller-chosen event id (uuid), e.g. to make a retried command produce the same event. */
  id?: string;
}

/** Thrown when enqueue is called outside a transaction: the outbox row would not be atomic with the caller's writes. */
export class OutboxTransactionRequiredError extends Error {
  constructor() {
    super('OutboxWriter.enqueue needs the EntityManager of an open transaction (dataSource.transaction(manager => ...))');
    this.name = 'OutboxTransactionRequiredError';
  }
}

/** An outbox row ready to be written inside the caller's own statement (`OutboxWriter.prepare`). */
export interface PreparedOutboxRow<P> {
  envelope: EventEnvelope<P>;
  /** `"outbox_row" AS (INSERT INTO "outbox" … RETURNING 1)`: a CTE of the caller's statement. */
  cte: string;
  /** `pg_notify(…)`: what the statement must select from `"outbox_row"`, so the relay wakes once the transaction commits. */
  notify: string;
  /** The values `cte` and `notify` refer to, numbered from the `first` given to `prepare`. */
  params: (string | null)[];
}

const OUTBOX_INSERT = `INSERT INTO "outbox" ("id", "topic", "key", "type", "headers", "payload")`;

/**
 * Writes events to the `outbox` table in the caller's transaction. The relay publishes them after
 * commit; a rolled-back transaction publishes nothing.
 */
export class OutboxWriter {
  readonly source: string;

  constructor(source: string) {
    this.source = `/massage/${source}`;
  }

  async enqueue<P>(manager: EntityManager, def: EventDefinition<P>, payload: P, meta: EnqueueMeta = {}): Promise<EventEnvelope<P>> {
    // One round trip: the row, and a NOTIFY that Postgres delivers only when (and if) the transaction
    // commits (repeats within one transaction are folded into one).
    const row = this.prepare(manager, def, payload, meta);
    await manager.query(`WITH ${row.cte} SELECT ${row.notify} FROM "outbox_row"`, row.params);
    return row.envelope;
  }

  /**
   * Several events of one definition in one statement (one round trip, one NOTIFY), written in the order given.
   * Checked as `enqueue` checks.
   */
  async enqueueMany<P>(manager: EntityManager, def: EventDefinition<P>, items: readonly { payload: P; meta?: EnqueueMeta }[]): Promise<EventEnvelope<P>[]> {
    if (items.length === 0) return [];
    const params: (string | null)[] = [];
    const tuples: string[] = [];
    const envelopes = items.map(({ payload, meta }) => {
      const row = this.outboxRow(manager, def, payload, meta ?? {}, params.length + 1);
      params.push(...row.params);
      tuples.push(`(${row.values})`);
      return row.envelope;
    });
    params.push(OUTBOX_CHANNEL);
    await manager.query(`WITH "outbox_row" AS (${OUTBOX_INSERT} VALUES ${tuples.join(', ')} RETURNING 1) SELECT pg_notify($${params.length}, '') FROM "outbox_row" LIMIT 1`, params);
    return envelopes;
  }

  /**
   * The outbox row of an event as a CTE of the caller's own statement (one round trip fewer on a hot path), its
   * values numbered from `$first`. Checked as `enqueue` checks: the payload against its schema, an open transaction.
   */
  prepare<P>(manager: EntityManager, def: EventDefinition<P>, payload: P, meta: EnqueueMeta = {}, first = 1): PreparedOutboxRow<P> {
    const row = this.outboxRow(manager, def, payload, meta, first);
    return {
      envelope: row.envelope,
      cte: `"outbox_row" AS (${OUTBOX_INSERT} VALUES (${row.values}) RETURNING 1)`,
      notify: `pg_notify($${first + row.params.length}, '')`,
      params: [...row.params, OUTBOX_CHANNEL],
    };
  }

  /** One event's envelope and its outbox row's values, numbered from `$first`. */
  private outboxRow<P>(manager: EntityManager, def: EventDefinition<P>, payload: P, meta: EnqueueMeta, first: number): { envelope: EventEnvelope<P>; values: string; params: (string | null)[] } {
    assertPayload(def, payload);
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxTransactionRequiredError();
    const id = meta.id ?? randomUUID();
    const envelope: EventEnvelope<P> = {
      id,
      type: def.type,
      source: this.source,
      time: new Date().toISOString(),
      subject: def.key(payload),
      correlationId: meta.correlationId ?? id,
      data: payload,
    };
    if (meta.causationId !== undefined) envelope.causationId = meta.causationId;
    const message = toKafkaMessage(envelope);
    const $ = (i: number): string => `$${first + i}`;
    return {
      envelope,
      values: `${$(0)}::uuid, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::jsonb, ${$(5)}::jsonb`,
      // A tombstone (EventDefinition.tombstone) keeps its headers but no payload: the relay sends a null value.
      params: [id, def.topic, message.key, def.type, JSON.stringify(message.headers), def.tombstone ? null : message.value],
    };
  }
}
