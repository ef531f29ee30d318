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
   * The outbox row of an event as a CTE of the caller's own statement (one round trip fewer on a hot path), its
   * values numbered from `$first`. Checked as `enqueue` checks: the payload against its schema, an open transaction.
   * `completedBy`: payload fields only that statement knows (e.g. a sequence number taken under a lock), as a jsonb
   * expression over the columns of one of its CTEs, merged over the payload given (which must already be valid with
   * placeholder values of the same shape); the row is written once per row of that CTE.
   */
  prepare<P>(manager: EntityManager, def: EventDefinition<P>, payload: P, meta: EnqueueMeta = {}, first = 1, completedBy?: { cte: string; fields: string }): PreparedOutboxRow<P> {
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
    // Typed: a SELECT list does not take its parameters' types from the INSERT's columns as VALUES does.
    const values = `${$(0)}::uuid, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::jsonb, ${$(5)}::jsonb`;
    const insert = `INSERT INTO "outbox" ("id", "topic", "key", "type", "headers", "payload")`;
    return {
      envelope,
      cte: completedBy
        ? `"outbox_row" AS (${insert} SELECT ${values} || ${completedBy.fields} FROM "${completedBy.cte}" RETURNING 1)`
        : `"outbox_row" AS (${insert} VALUES (${values}) RETURNING 1)`,
      notify: `pg_notify(${$(6)}, '')`,
      // A tombstone (EventDefinition.tombstone) keeps its headers but no payload: the relay sends a null value.
      params: [id, def.topic, message.key, def.type, JSON.stringify(message.headers), def.tombstone ? null : message.value, OUTBOX_CHANNEL],
    };
  }
}
