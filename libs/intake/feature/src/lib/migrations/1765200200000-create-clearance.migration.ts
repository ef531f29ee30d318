import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Physicians' clearances (ClearanceEntity). The CHECKs spell out the lifecycle, so no code path can store a
 * recorded clearance without scope, expiry or document, or an expired/revoked one that was never recorded.
 * Scope lists are text[]; `{all}` alone means every technique/site. Codes are checked by the service against
 * the contracts' vocabularies (a CHECK would have to change with every new code).
 */
export class CreateClearance1765200200000 implements MigrationInterface {
  name = 'CreateClearance1765200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "clearance" (
        "id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "location_id" text NOT NULL CHECK ("location_id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("location_id") <= 64),
        "rules" text[] NOT NULL CHECK (cardinality("rules") BETWEEN 1 AND 32),
        "status" text NOT NULL CHECK ("status" IN ('requested', 'recorded', 'expired', 'revoked')),
        "provider_name" text NOT NULL CHECK (length("provider_name") BETWEEN 1 AND 200),
        "provider_contact" text NULL CHECK (length("provider_contact") BETWEEN 1 AND 500),
        "requested_techniques" text[] NULL,
        "requested_sites" text[] NULL,
        "requested_max_pressure" text NULL CHECK ("requested_max_pressure" IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        "requested_at" timestamptz NULL,
        "requested_by" text NULL,
        "techniques" text[] NULL,
        "sites" text[] NULL,
        "max_pressure" text NULL CHECK ("max_pressure" IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        "positioning" text[] NULL,
        "recorded_at" timestamptz NULL,
        "recorded_by" text NULL,
        "expires_at" timestamptz NULL,
        "document_ref" text NULL CHECK (length("document_ref") BETWEEN 1 AND 500),
        "expired_at" timestamptz NULL,
        "revoked_at" timestamptz NULL,
        "revoked_by" text NULL,
        "revoke_reason" text NULL CHECK ("revoke_reason" ~ '^[a-z][a-z0-9-]{0,63}$'),
        CONSTRAINT "clearance_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "clearance_client_fkey" FOREIGN KEY ("client_id") REFERENCES "client" ("id"),
        CONSTRAINT "clearance_all_alone" CHECK (
          (NOT ('all' = ANY("techniques")) OR cardinality("techniques") = 1)
          AND (NOT ('all' = ANY("sites")) OR cardinality("sites") = 1)),
        CONSTRAINT "clearance_requested_all_alone" CHECK (
          (NOT ('all' = ANY("requested_techniques")) OR cardinality("requested_techniques") = 1)
          AND (NOT ('all' = ANY("requested_sites")) OR cardinality("requested_sites") = 1)),
        -- A request names who asked and when.
        CONSTRAINT "clearance_request_complete" CHECK (("requested_at" IS NULL) = ("requested_by" IS NULL)),
        CONSTRAINT "clearance_requested_state" CHECK ("status" <> 'requested' OR ("requested_at" IS NOT NULL AND "recorded_at" IS NULL)),
        -- Recorded (and everything after it): scope, expiry after recording, the document, who recorded it.
        CONSTRAINT "clearance_recorded_state" CHECK ("status" = 'requested' OR (
          "recorded_at" IS NOT NULL AND "recorded_by" IS NOT NULL AND "techniques" IS NOT NULL AND "sites" IS NOT NULL
          AND "expires_at" IS NOT NULL AND "expires_at" > "recorded_at" AND "document_ref" IS NOT NULL)),
        CONSTRAINT "clearance_expired_state" CHECK (("status" = 'expired') = ("expired_at" IS NOT NULL)),
        CONSTRAINT "clearance_revoked_state" CHECK (
          ("status" = 'revoked') = ("revoked_at" IS NOT NULL)
          AND ("revoked_at" IS NULL) = ("revoked_by" IS NULL) AND ("revoked_at" IS NULL) = ("revoke_reason" IS NULL))
      )`);
    await q.query(`CREATE INDEX "clearance_client_idx" ON "clearance" ("client_id", "recorded_at")`);
    // The expiry job's query: the recorded clearances by expiry instant.
    await q.query(`CREATE INDEX "clearance_due_idx" ON "clearance" ("expires_at") WHERE "status" = 'recorded'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "clearance"`);
  }
}
