import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The client and intake tables. Constraints repeat the domain's rules so no code path can store a bad row. */
export class CreateIntakeTables1764230600000 implements MigrationInterface {
  name = 'CreateIntakeTables1764230600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "client" (
        "id" uuid NOT NULL,
        "location_id" text NOT NULL CHECK ("location_id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("location_id") <= 64),
        "given_name" text NOT NULL CHECK (length("given_name") BETWEEN 1 AND 100),
        "family_name" text NOT NULL CHECK (length("family_name") BETWEEN 1 AND 100),
        "email" text NULL CHECK (length("email") BETWEEN 3 AND 254),
        "phone" text NULL CHECK ("phone" ~ '^\\+[1-9][0-9]{6,14}$'),
        "preferred_channel" text NOT NULL CHECK ("preferred_channel" IN ('email', 'sms')),
        "date_of_birth" date NOT NULL,
        "registered_at" timestamptz NOT NULL,
        CONSTRAINT "client_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "client_contact_present" CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL),
        CONSTRAINT "client_preferred_channel_reachable" CHECK (
          ("preferred_channel" = 'email' AND "email" IS NOT NULL) OR ("preferred_channel" = 'sms' AND "phone" IS NOT NULL)
        )
      )`);
    await q.query(`CREATE INDEX "client_location_idx" ON "client" ("location_id", "registered_at")`);

    await q.query(`
      CREATE TABLE "intake" (
        "id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "location_id" text NOT NULL,
        "form_version" text NOT NULL CHECK ("form_version" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
        "health_history" jsonb NOT NULL CHECK (jsonb_typeof("health_history") = 'object'),
        "goals" text[] NOT NULL CHECK (cardinality("goals") BETWEEN 1 AND 10),
        "pressure_preference" text NOT NULL CHECK ("pressure_preference" IN ('light', 'medium', 'firm', 'deep')),
        "consent_given" boolean NOT NULL CHECK ("consent_given"),
        "consent_signed_name" text NOT NULL CHECK (length("consent_signed_name") BETWEEN 1 AND 100),
        "consent_signed_at" timestamptz NOT NULL,
        "submitted_at" timestamptz NOT NULL,
        CONSTRAINT "intake_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "intake_client_fkey" FOREIGN KEY ("client_id") REFERENCES "client" ("id")
      )`);
    await q.query(`CREATE INDEX "intake_client_submitted_idx" ON "intake" ("client_id", "submitted_at" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "intake"`);
    await q.query(`DROP TABLE IF EXISTS "client"`);
  }
}
