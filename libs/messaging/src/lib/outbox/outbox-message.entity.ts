import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * One event waiting to be (or already) published. Written by OutboxWriter in the caller's transaction,
 * read by OutboxRelay in `seq` order. The table is created by CreateMessagingTables1764230400000; the
 * parking columns and pruning indexes come from MessagingReliability1764900000000.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_seq_idx', ['seq'], { where: '"published_at" IS NULL' })
@Index('outbox_published_at_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
@Index('outbox_parked_key_idx', ['key'], { where: '"parked_at" IS NOT NULL AND "published_at" IS NULL' })
export class OutboxMessageEntity {
  /** The CloudEvents `ce_id`. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Publish order (bigserial; pg returns int8 as a string). */
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  seq: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  type: string;

  /** The Kafka headers (CloudEvents binary mode), ready to send. */
  @Column({ type: 'jsonb' })
  headers: Record<string, string>;

  /** Null for a tombstone (OutboxTombstones1764900300000). */
  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Sends Kafka refused (not counting outages, which charge no row). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Set after `maxRowAttempts` refused sends: the relay skips the row and the later rows of its key. */
  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt: Date | null;
}
