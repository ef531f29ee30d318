import type { PressurePreference } from '@massage/contracts';
import { consentValidUntil, healthAnswersFromV1, LEGACY_CONSENT_TEXT_VERSION, type HealthHistoryV1 } from '@massage/intake-domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows mapped per round trip: bounded memory on a large table. */
const BATCH = 500;

interface V1Row {
  id: string;
  health_history: HealthHistoryV1;
  pressure_preference: PressurePreference;
  submitted_at: Date;
  consent_signed_at: Date;
}

/**
 * Intake form v2 (ADR 0011). Expands, never contracts: the v2 columns are added (`answers`, `kind`,
 * `previous_intake_id`, the consent text's version and hash, `consent_valid_until`), every existing row is
 * migrated (its v1 answers mapped to v2 by the domain's `healthAnswersFromV1`, its consent recorded as the
 * legacy unversioned text, valid a year from signing, each intake chained to the client's previous one), and
 * the v1 columns stay readable; they are only relaxed to NULL, since v2 intakes have no v1 answers.
 */
export class IntakeFormV21766000000000 implements MigrationInterface {
  name = 'IntakeFormV21766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "intake"
        ADD COLUMN "answers" jsonb NULL CHECK (jsonb_typeof("answers") = 'object'),
        ADD COLUMN "kind" text NOT NULL DEFAULT 'full' CHECK ("kind" IN ('full', 'visit-update')),
        ADD COLUMN "previous_intake_id" uuid NULL CONSTRAINT "intake_previous_fkey" REFERENCES "intake" ("id"),
        ADD COLUMN "consent_text_version" text NULL CHECK ("consent_text_version" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
        ADD COLUMN "consent_text_hash" text NULL CHECK ("consent_text_hash" ~ '^[0-9a-f]{64}$'),
        ADD COLUMN "consent_valid_until" timestamptz NULL,
        ALTER COLUMN "health_history" DROP NOT NULL,
        ALTER COLUMN "pressure_preference" DROP NOT NULL`);

    // Data: v1 answers → v2, in batches, by the domain's mapping (the rules for it live and are tested there).
    for (;;) {
      const rows = (await q.query(
        `SELECT "id", "health_history", "pressure_preference", "submitted_at", "consent_signed_at"
           FROM "intake" WHERE "answers" IS NULL ORDER BY "id" LIMIT ${BATCH}`,
      )) as V1Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const answers = healthAnswersFromV1(row.health_history, row.pressure_preference, row.submitted_at);
        await q.query(`UPDATE "intake" SET "answers" = $2, "consent_text_version" = $3, "consent_valid_until" = $4 WHERE "id" = $1`, [
          row.id,
          JSON.stringify(answers),
          LEGACY_CONSENT_TEXT_VERSION,
          consentValidUntil(row.consent_signed_at),
        ]);
      }
    }
    await q.query(`
      UPDATE "intake" i SET "previous_intake_id" = chain."previous"
        FROM (SELECT "id", lag("id") OVER (PARTITION BY "client_id" ORDER BY "submitted_at", "id") AS "previous" FROM "intake") chain
       WHERE i."id" = chain."id" AND chain."previous" IS NOT NULL`);

    await q.query(`
      ALTER TABLE "intake"
        ALTER COLUMN "answers" SET NOT NULL,
        ALTER COLUMN "kind" DROP DEFAULT,
        ALTER COLUMN "consent_text_version" SET NOT NULL,
        ALTER COLUMN "consent_valid_until" SET NOT NULL,
        ADD CONSTRAINT "intake_consent_text_pinned" CHECK ("consent_text_hash" IS NOT NULL OR "consent_text_version" = '${LEGACY_CONSENT_TEXT_VERSION}'),
        ADD CONSTRAINT "intake_consent_valid_after_signing" CHECK ("consent_valid_until" > "consent_signed_at"),
        ADD CONSTRAINT "intake_v1_answers_whole" CHECK (("health_history" IS NULL) = ("pressure_preference" IS NULL)),
        ADD CONSTRAINT "intake_not_its_own_previous" CHECK ("previous_intake_id" <> "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Only possible while every intake still has its v1 answers (no v2 intake taken yet): NOT NULL fails otherwise.
    await q.query(`
      ALTER TABLE "intake"
        ALTER COLUMN "health_history" SET NOT NULL,
        ALTER COLUMN "pressure_preference" SET NOT NULL,
        DROP CONSTRAINT "intake_v1_answers_whole",
        DROP COLUMN "answers",
        DROP COLUMN "kind",
        DROP COLUMN "previous_intake_id",
        DROP COLUMN "consent_text_version",
        DROP COLUMN "consent_text_hash",
        DROP COLUMN "consent_valid_until"`);
  }
}
