import type { BodyRegion, Technique } from '@massage/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TREATMENT_PLAN_STATUSES = ['active', 'completed', 'discontinued'] as const;
export type TreatmentPlanStatus = (typeof TREATMENT_PLAN_STATUSES)[number];

/** One goal of a plan, e.g. "turn the head fully to the left without pain" measured as ROM or a pain rating. */
export interface TreatmentGoal {
  description: string;
  /** How progress is measured, e.g. `pain-rating`, `range-of-motion`. */
  measure?: string;
  target?: string;
}

/**
 * A client's treatment plan, built from their own intake: goals, focus regions, techniques,
 * how often and how many sessions, and when to re-assess.
 */
@Entity({ name: 'treatment_plan' })
export class TreatmentPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text', name: 'location_id' })
  locationId: string;

  @Column({ type: 'text', default: 'active' })
  status: TreatmentPlanStatus;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  goals: TreatmentGoal[];

  @Column({ type: 'text', array: true, name: 'focus_regions', default: () => "'{}'" })
  focusRegions: BodyRegion[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  techniques: Technique[];

  @Column({ type: 'smallint', name: 'frequency_per_week', nullable: true })
  frequencyPerWeek: number | null;

  @Column({ type: 'smallint', name: 'planned_sessions', nullable: true })
  plannedSessions: number | null;

  /** A calendar date (YYYY-MM-DD) in the location's zone, not an instant. */
  @Column({ type: 'date', name: 'reassessment_date', nullable: true })
  reassessmentDate: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
