import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One event a consumer group has applied; its primary key makes a redelivered event a no-op. */
@Entity({ name: 'inbox' })
@Index('inbox_handled_at_idx', ['handledAt'])
export class InboxMessageEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'handled_at', type: 'timestamptz', default: () => 'now()' })
  handledAt: Date;
}
