import type { HealthHistory } from '@massage/intake-domain';
import type { PressurePreference } from '@massage/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A completed, signed intake. The health history is one jsonb document whose shape is pinned by
 * `form_version` (the form the client saw and signed); it is never rewritten, a change is a new intake.
 */
@Entity({ name: 'intake' })
export class IntakeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ name: 'location_id', type: 'text' })
  locationId: string;

  @Column({ name: 'form_version', type: 'text' })
  formVersion: string;

  /** conditions, medications, recentInjuryOrSurgery, painAreas: as answered on `formVersion`. */
  @Column({ name: 'health_history', type: 'jsonb' })
  healthHistory: HealthHistory;

  @Column({ type: 'text', array: true })
  goals: string[];

  @Column({ name: 'pressure_preference', type: 'text' })
  pressurePreference: PressurePreference;

  /** Always true (a CHECK constraint): intakes without consent are never stored. */
  @Column({ name: 'consent_given', type: 'boolean' })
  consentGiven: boolean;

  @Column({ name: 'consent_signed_name', type: 'text' })
  consentSignedName: string;

  @Column({ name: 'consent_signed_at', type: 'timestamptz' })
  consentSignedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** The subject (staff member) who took the intake; null only for intakes stored before authors were recorded. */
  @Column({ name: 'taken_by', type: 'text', nullable: true })
  takenBy: string | null;
}
