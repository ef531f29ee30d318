import type { NotificationChannel } from '@massage/notification-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Notification's local projection of the private topic `intake.client-contact.v1`: the latest
 * known way to reach each client. Personal data, never published again.
 */
@Entity({ name: 'contact' })
export class ContactEntity {
  @PrimaryColumn({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text', name: 'location_id' })
  locationId: string;

  @Column({ type: 'text', name: 'given_name' })
  givenName: string;

  @Column({ type: 'text', name: 'family_name' })
  familyName: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', name: 'preferred_channel' })
  preferredChannel: NotificationChannel;

  /** `recordedAt` of the event this row reflects: an older event never overwrites a newer one. */
  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
