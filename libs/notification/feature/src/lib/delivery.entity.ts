import type { NotificationKind } from '@massage/contracts';
import type { NotificationChannel } from '@massage/notification-domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type DeliveryStatus = 'sent' | 'skipped';

/**
 * One message we sent (or decided not to send) to a client. `(triggered_by_event_id, kind)` is
 * unique: one event can never produce two deliveries of the same kind.
 */
@Entity({ name: 'delivery' })
@Unique('delivery_trigger_kind_key', ['triggeredByEventId', 'kind'])
@Index('delivery_client_idx', ['clientId', 'createdAt'])
export class DeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text', name: 'location_id' })
  locationId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'text' })
  channel: NotificationChannel;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  /** Why a message was not sent (status `skipped`). */
  @Column({ type: 'text', name: 'skip_reason', nullable: true })
  skipReason: string | null;

  /** The `ce_id` of the event that caused this delivery. */
  @Column({ type: 'uuid', name: 'triggered_by_event_id' })
  triggeredByEventId: string;

  /** The SMTP Message-ID header of the e-mail, derived from the triggering event id. */
  @Column({ type: 'text', name: 'smtp_message_id', nullable: true })
  smtpMessageId: string | null;

  /** When the SMTP server accepted the message (status `sent`). */
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
