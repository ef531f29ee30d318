import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A client registered at a location. Personal data: never published except on the private contact topic. */
@Entity({ name: 'client' })
export class ClientEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The registering location's code; only that location can read the client. */
  @Column({ name: 'location_id', type: 'text' })
  locationId: string;

  @Column({ name: 'given_name', type: 'text' })
  givenName: string;

  @Column({ name: 'family_name', type: 'text' })
  familyName: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ name: 'preferred_channel', type: 'text' })
  preferredChannel: 'email' | 'sms';

  /** `YYYY-MM-DD` (TypeORM hydrates `date` columns as strings). */
  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  /** When the e-mail and phone were erased on request (ADR 0010); null while they are kept. */
  @Column({ name: 'contact_erased_at', type: 'timestamptz', nullable: true })
  contactErasedAt: Date | null;
}
