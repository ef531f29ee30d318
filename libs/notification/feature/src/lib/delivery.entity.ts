import type { NotificationKind } from '@massage/contracts';
import type { DeliveryFailureReason, NotificationChannel, WelcomeStatus } from '@massage/notification-domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** `awaiting-contact` → `sent` | `skipped` | `failed`; a delivery never leaves `sent`, `skipped` or `failed`. */
export type DeliveryStatus = WelcomeStatus;

/**
 * One message we sent, decided not to send, could not send (the SMTP server or SMS provider refused it for good), or
 * will send once the client's contact details arrive.
 * `(triggered_by_event_id, kind)` is unique: one event can never produce two deliveries of the same
 * kind, whichever path (the triggering event, or the contact event a waiting delivery was waiting
 * for) completes it.
 */
@Entity({ name: 'delivery' })
@Unique('delivery_trigger_kind_key', ['triggeredByEventId', 'kind'])
@Index('delivery_client_idx', ['clientId', 'createdAt'])
@Index('delivery_awaiting_contact_idx', ['clientId'], { where: "status = 'awaiting-contact'" })
export class DeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text', name: 'location_id' })
  locationId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** The channel used (or that the client chose, when skipped); null while awaiting the contact. */
  @Column({ type: 'text', nullable: true })
  channel: NotificationChannel | null;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  /** Why a message was not sent (status `skipped`). */
  @Column({ type: 'text', name: 'skip_reason', nullable: true })
  skipReason: string | null;

  /** Why the SMTP server's or the SMS provider's refusal was final (status `failed`): a code, never the reply (it quotes the address). */
  @Column({ type: 'text', name: 'failure_reason', nullable: true })
  failureReason: DeliveryFailureReason | null;

  /** The SMTP reply code (5xx) of that refusal (status `failed`); null for an SMS. */
  @Column({ type: 'smallint', name: 'failure_smtp_code', nullable: true })
  failureSmtpCode: number | null;

  /** The `ce_id` of the event that caused this delivery (the causation id of its NotificationSent). */
  @Column({ type: 'uuid', name: 'triggered_by_event_id' })
  triggeredByEventId: string;

  /**
   * The correlation id of the triggering event, kept so that a delivery completed later (when the
   * contact arrives) publishes NotificationSent in the same chain. Null on rows from before it was kept.
   */
  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId: string | null;

  /** The SMTP Message-ID header of the e-mail, derived from the triggering event id; null for an SMS. */
  @Column({ type: 'text', name: 'smtp_message_id', nullable: true })
  smtpMessageId: string | null;

  /** When the SMTP server accepted the message (status `sent`). */
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
