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
    // One round trip: the row, and a NOTIFY that Postgres delivers only when (and if) the transaction
    // commits (repeats within one transaction are folded into one).
    await manager.query(
      `WITH "inserted" AS (
         INSERT INTO "outbox" ("id", "topic", "key", "type", "headers", "payload")
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb) RETURNING 1
       ) SELECT pg_notify($7, '') FROM "inserted"`,
      // A tombstone (EventDefinition.tombstone) keeps its headers but no payload: the relay sends a null value.
      [id, def.topic, message.key, def.type, JSON.stringify(message.headers), def.tombstone ? null : message.value, OUTBOX_CHANNEL],
    );
    return envelope;
  }
}
