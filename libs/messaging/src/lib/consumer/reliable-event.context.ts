import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '../envelope/cloud-events.envelope';

/** What a handler receives as `@Ctx()` from ReliableKafkaTransport. */
export interface ReliableEventContext {
  envelope: EventEnvelope<unknown>;
  /** The transaction of this message (it also holds the inbox row): handlers write through it. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  /** 1 for the first delivery to this consumer, 2 for the first retry, ... */
  attempt: number;
  groupId: string;
}
