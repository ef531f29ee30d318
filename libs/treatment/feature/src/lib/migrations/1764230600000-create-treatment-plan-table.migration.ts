import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first treatment table. The region and technique lists are copied from @massage/contracts as
 * they are today, on purpose: a migration is a frozen fact, and widening either list later is a new
 * migration that drops and re-adds the CHECK.
 */
export class CreateTreatmentPlanTable1764230600000 implements MigrationInterface {
  name = 'CreateTreatmentPlanTable1764230600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE treatment_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL,
        location_id text NOT NULL CHECK (location_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        status text NOT NULL DEFAULT 'active'
          CONSTRAINT treatment_plan_status_check CHECK (status IN ('active', 'completed', 'discontinued')),
        goals jsonb NOT NULL DEFAULT '[]'::jsonb
          CONSTRAINT treatment_plan_goals_check CHECK (jsonb_typeof(goals) = 'array'),
        focus_regions text[] NOT NULL DEFAULT '{}'
          CONSTRAINT treatment_plan_focus_regions_check CHECK (focus_regions <@ ARRAY[
            'head', 'neck', 'upper-back', 'mid-back', 'lower-back', 'left-shoulder', 'right-shoulder',
            'left-arm', 'right-arm', 'left-hand', 'right-hand', 'chest', 'abdomen', 'left-hip', 'right-hip',
            'gluteal', 'left-thigh', 'right-thigh', 'left-knee', 'right-knee', 'left-calf', 'right-calf',
            'left-foot', 'right-foot'
          ]::text[]),
        techniques text[] NOT NULL DEFAULT '{}'
          CONSTRAINT treatment_plan_techniques_check CHECK (techniques <@ ARRAY[
            'swedish', 'deep-tissue', 'myofascial-release', 'trigger-point', 'sports', 'neuromuscular',
            'lymphatic-drainage', 'prenatal'
          ]::text[]),
        frequency_per_week smallint CHECK (frequency_per_week BETWEEN 1 AND 7),
        planned_sessions smallint CHECK (planned_sessions BETWEEN 1 AND 200),
        reassessment_date date,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX treatment_plan_client_idx ON treatment_plan (client_id, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE treatment_plan');
  }
}
