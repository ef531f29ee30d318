import { AUDIT_CODE_PATTERN, AUDIT_LOCATION_PATTERN } from '@massage/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '../audit-chain';

const quoted = (pattern: string): string => `'${pattern.replace(/'/g, "''")}'`;
const CODE = quoted(AUDIT_CODE_PATTERN);
const SHA256 = `'^[0-9a-f]{64}$'`;

/**
 * The audit trail of a service that holds health data (ADR 0008): an append-only, hash-chained table
 * and the one-row chain head its writers lock, so concurrent writers never fork the chain.
 *
 * Append-only twice over: triggers refuse UPDATE, DELETE and TRUNCATE for every role, and the role that
 * runs the migration loses those privileges (a non-superuser service role then cannot even try). A
 * superuser bypasses privileges and can disable triggers: that is what `main.js audit verify` detects.
 */
export class CreateAuditTrail1765100000000 implements MigrationInterface {
  name = 'CreateAuditTrail1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_record" (
        "seq" bigint NOT NULL CHECK ("seq" >= 1),
        "id" uuid NOT NULL,
        "recorded_at" timestamptz NOT NULL CHECK (date_trunc('milliseconds', "recorded_at") = "recorded_at"),
        "actor_subject" text NOT NULL CHECK (length("actor_subject") BETWEEN 1 AND 128),
        "actor_role" text NOT NULL CHECK ("actor_role" ~ ${CODE}),
        "actor_location" text NOT NULL CHECK ("actor_location" ~ ${quoted(AUDIT_LOCATION_PATTERN)} AND length("actor_location") <= 64),
        "action" text NOT NULL CHECK ("action" IN ('read', 'write')),
        "operation" text NOT NULL CHECK ("operation" ~ ${CODE}),
        "resource_type" text NOT NULL CHECK ("resource_type" ~ ${CODE}),
        "resource_id" text NULL CHECK ("resource_id" ~ '^[A-Za-z0-9._:-]{1,64}$'),
        "client_id" uuid NULL,
        "location_id" text NULL CHECK (length("location_id") <= 64),
        "outcome" text NOT NULL CHECK ("outcome" IN ('allowed', 'refused', 'failed')),
        "reason" text NULL CHECK ("reason" ~ ${CODE}),
        "correlation_id" uuid NULL,
        "prev_hash" text NOT NULL CHECK ("prev_hash" ~ ${SHA256}),
        "hash" text NOT NULL CHECK ("hash" ~ ${SHA256}),
        CONSTRAINT "audit_record_pkey" PRIMARY KEY ("seq"),
        CONSTRAINT "audit_record_id_key" UNIQUE ("id")
      )`);
    // "Who read this client's record": newest first.
    await q.query(`CREATE INDEX "audit_record_client_idx" ON "audit_record" ("client_id", "seq" DESC) WHERE "client_id" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "audit_chain_head" (
        "chain" text NOT NULL DEFAULT 'main' CHECK ("chain" = 'main'),
        "seq" bigint NOT NULL,
        "hash" text NOT NULL CHECK ("hash" ~ ${SHA256}),
        CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("chain")
      )`);
    await q.query(`INSERT INTO "audit_chain_head" ("chain", "seq", "hash") VALUES ('main', 0, '${GENESIS_HASH}')`);

    await q.query(`
      CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "audit_record_append_only" BEFORE UPDATE OR DELETE ON "audit_record" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"()`);
    await q.query(`CREATE TRIGGER "audit_record_no_truncate" BEFORE TRUNCATE ON "audit_record" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`);

    // The head only moves one row forward, onto the row just appended after it: it cannot be wound back
    // to hide deleted rows, nor skip, nor point at a row that does not link to the previous head.
    await q.query(`
      CREATE FUNCTION "audit_head_advance_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW."chain" <> OLD."chain" OR NEW."seq" <> OLD."seq" + 1 OR NOT EXISTS (
          SELECT 1 FROM "audit_record" r WHERE r."seq" = NEW."seq" AND r."hash" = NEW."hash" AND r."prev_hash" = OLD."hash"
        ) THEN
          RAISE EXCEPTION 'audit_chain_head only advances to the row appended after it' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "audit_chain_head_advance_only" BEFORE UPDATE OR DELETE ON "audit_chain_head" FOR EACH ROW EXECUTE FUNCTION "audit_head_advance_only"()`);
    await q.query(`CREATE TRIGGER "audit_chain_head_no_truncate" BEFORE TRUNCATE ON "audit_chain_head" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`);

    // No-ops for a superuser (locally everything runs as postgres), binding for a service role (docs/security.md).
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_record" FROM PUBLIC, CURRENT_USER`);
    await q.query(`REVOKE DELETE, TRUNCATE ON "audit_chain_head" FROM PUBLIC, CURRENT_USER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "audit_chain_head"`);
    await q.query(`DROP TABLE IF EXISTS "audit_record"`);
    await q.query(`DROP FUNCTION IF EXISTS "audit_head_advance_only"()`);
    await q.query(`DROP FUNCTION IF EXISTS "audit_refuse_change"()`);
  }
}
