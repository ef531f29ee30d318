import type { QueryRunner } from 'typeorm';

/*
 * The tables of the care projection, created by the migrations of each service that keeps one (a service's
 * migrations are its own: it calls these from a migration of its own, with its own timestamp).
 *
 * - `care_relationship`: what the policy guard reads (in care now?), one row per therapist subject, client and
 *   location, `since`/`until` the span of the windows below. Intake created it in 2025 (CreateCareRelationship
 *   1765100300000); a new service creates it with `createCareRelationshipTable`.
 * - `care_therapist`: scheduling's therapist id → the staff subject the gateway asserts (TherapistRegistered).
 * - `care_appointment` and `care_appointment_window`: each appointment as the projection knows it, and each
 *   therapist's window through it (care-rule.ts).
 */

/** `care_relationship`, as intake has had it since ADR 0007 (a service that starts now calls this first). */
export async function createCareRelationshipTable(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE "care_relationship" (
      "therapist_subject" text NOT NULL CHECK (length("therapist_subject") BETWEEN 1 AND 128),
      "client_id" uuid NOT NULL,
      "location_id" text NOT NULL CHECK ("location_id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("location_id") <= 64),
      "since" timestamptz NOT NULL DEFAULT now(),
      "until" timestamptz NULL,
      CONSTRAINT "care_relationship_pkey" PRIMARY KEY ("therapist_subject", "client_id", "location_id")
    )`);
  await q.query(`CREATE INDEX "care_relationship_client_idx" ON "care_relationship" ("client_id")`);
}

/** The tables the projection derives `care_relationship` from (for a service that has `care_relationship` already). */
export async function createCareProjectionTables(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE "care_therapist" (
      "therapist_id" uuid PRIMARY KEY,
      "subject" text NOT NULL CHECK (length("subject") BETWEEN 1 AND 128),
      "registered_at" timestamptz NOT NULL
    )`);
  await q.query(`CREATE INDEX "care_therapist_subject_idx" ON "care_therapist" ("subject")`);
  await q.query(`
    CREATE TABLE "care_appointment" (
      "appointment_id" uuid PRIMARY KEY,
      "client_id" uuid NOT NULL,
      "location_id" text NOT NULL,
      "therapist_id" uuid NOT NULL,
      "ends_at" timestamptz NOT NULL,
      "ended" boolean NOT NULL,
      "changed_at" timestamptz NOT NULL
    )`);
  await q.query(`CREATE INDEX "care_appointment_client_idx" ON "care_appointment" ("client_id", "location_id")`);
  await q.query(`
    CREATE TABLE "care_appointment_window" (
      "appointment_id" uuid NOT NULL REFERENCES "care_appointment" ("appointment_id") ON DELETE CASCADE,
      "therapist_id" uuid NOT NULL,
      "since" timestamptz NOT NULL,
      "until" timestamptz NOT NULL,
      CONSTRAINT "care_appointment_window_pkey" PRIMARY KEY ("appointment_id", "therapist_id"),
      CONSTRAINT "care_appointment_window_span" CHECK ("since" <= "until")
    )`);
  await q.query(`CREATE INDEX "care_appointment_window_therapist_idx" ON "care_appointment_window" ("therapist_id")`);
}

/** Every care table, for a service that has none yet (treatment). */
export async function createCareTables(q: QueryRunner): Promise<void> {
  await createCareRelationshipTable(q);
  await createCareProjectionTables(q);
}

/** The `down` of `createCareProjectionTables`. */
export async function dropCareProjectionTables(q: QueryRunner): Promise<void> {
  await q.query(`DROP TABLE "care_appointment_window"`);
  await q.query(`DROP TABLE "care_appointment"`);
  await q.query(`DROP TABLE "care_therapist"`);
}

/** The `down` of `createCareTables`. */
export async function dropCareTables(q: QueryRunner): Promise<void> {
  await dropCareProjectionTables(q);
  await q.query(`DROP TABLE "care_relationship"`);
}
