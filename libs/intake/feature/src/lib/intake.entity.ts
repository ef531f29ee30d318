import type { HealthAnswers, HealthHistoryV1 } from '@massage/intake-domain';
import type { IntakeKind, PressurePreference } from '@massage/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A completed, signed intake: a full form or a visit update. The answers are one jsonb document (form v2's
 * HealthAnswers, always complete) pinned by `form_version`; an intake is never rewritten, a change is a new
 * intake that names the one it follows. Intakes taken on form v1 keep their v1 answers readable
 * (`health_history`, `pressure_preference`) beside the migrated `answers` (migration 1766000000000).
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

  @Column({ type: 'text' })
  kind: IntakeKind;

  /** The client's intake this one follows; null for the client's first. */
  @Column({ name: 'previous_intake_id', type: 'uuid', nullable: true })
  previousIntakeId: string | null;

  @Column({ type: 'jsonb' })
  answers: HealthAnswers;

  /** Form v1's answers, as answered (null on v2 intakes). */
  @Column({ name: 'health_history', type: 'jsonb', nullable: true })
  healthHistory: HealthHistoryV1 | null;

  @Column({ type: 'text', array: true })
  goals: string[];

  /** Form v1's pressure word (null on v2 intakes, whose P-level is in `answers`). */
  @Column({ name: 'pressure_preference', type: 'text', nullable: true })
  pressurePreference: PressurePreference | null;

  /** Always true (a CHECK constraint): intakes without consent are never stored. */
  @Column({ name: 'consent_given', type: 'boolean' })
  consentGiven: boolean;

  @Column({ name: 'consent_signed_name', type: 'text' })
  consentSignedName: string;

  @Column({ name: 'consent_signed_at', type: 'timestamptz' })
  consentSignedAt: Date;

  /** The consent text signed (`legacy-unversioned` on intakes from form v1). */
  @Column({ name: 'consent_text_version', type: 'text' })
  consentTextVersion: string;

  /** SHA-256 of that text; null only for `legacy-unversioned`. */
  @Column({ name: 'consent_text_hash', type: 'text', nullable: true })
  consentTextHash: string | null;

  @Column({ name: 'consent_valid_until', type: 'timestamptz' })
  consentValidUntil: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** The subject (staff member) who took the intake; null only for intakes stored before authors were recorded. */
  @Column({ name: 'taken_by', type: 'text', nullable: true })
  takenBy: string | null;
}
