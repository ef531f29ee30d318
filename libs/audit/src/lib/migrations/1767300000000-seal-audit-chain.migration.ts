import type { MigrationInterface, QueryRunner } from 'typeorm';

const SHA256 = `'^[0-9a-f]{64}$'`;

/**
 * Audit rows recorded without a lock, sealed into the chain afterwards (ADR 0025, amending ADR 0008).
 *
 * `audit_record` keeps what happened; its `seq` becomes the order rows were recorded in (from a sequence: a
 * rolled-back write leaves a gap there, which is not a break). The chain moves to `audit_chain`: chain position,
 * the record it seals, prev_hash, hash. A writer inserts the record and its `audit_unsealed` entry; the sealer
 * (`AuditSealer`, one at a time under the head's lock) chains what waits, in batches, and empties the queue.
 * Existing rows keep their hashes: their chain position is their seq, as the canonical row always said.
 *
 * Not an expand-only migration (docs/deploying.md): writers of the old version fail on the new table, so this
 * release stops every replica of the service before migrating (ADR 0025, "Deploying it").
 */
export class SealAuditChain1767300000000 implements MigrationInterface {
  name = 'SealAuditChain1767300000000';

  async up(q: QueryRunner): Promise<void> {
    // Nobody appends while the rows move (an old replica still running waits here, then fails on the new shape).
    await q.query(`LOCK TABLE "audit_chain_head", "audit_record" IN EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE "audit_chain" (
        "seq" bigint NOT NULL CHECK ("seq" >= 1),
        "record_seq" bigint NOT NULL,
        "prev_hash" text NOT NULL CHECK ("prev_hash" ~ ${SHA256}),
        "hash" text NOT NULL CHECK ("hash" ~ ${SHA256}),
        CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("seq"),
        CONSTRAINT "audit_chain_record_key" UNIQUE ("record_seq")
      )`);
    await q.query(`INSERT INTO "audit_chain" ("seq", "record_seq", "prev_hash", "hash") SELECT "seq", "seq", "prev_hash", "hash" FROM "audit_record" ORDER BY "seq"`);
    // Added after the copy: validated by one join instead of a check (and a row lock) per copied row.
    await q.query(`ALTER TABLE "audit_chain" ADD CONSTRAINT "audit_chain_record_fkey" FOREIGN KEY ("record_seq") REFERENCES "audit_record" ("seq")`);
    await q.query(`ALTER TABLE "audit_record" DROP COLUMN "prev_hash", DROP COLUMN "hash"`);

    await q.query(`CREATE SEQUENCE "audit_record_seq_seq" OWNED BY "audit_record"."seq"`);
    await q.query(`SELECT setval('"audit_record_seq_seq"', COALESCE(max("seq"), 0) + 1, false) FROM "audit_record"`);
    await q.query(`ALTER TABLE "audit_record" ALTER COLUMN "seq" SET DEFAULT nextval('"audit_record_seq_seq"')`);

    // The sealer's queue: a record and its entry are inserted by one statement; the sealer deletes the entry in the
    // transaction that chains the record. A record in neither is what `audit verify` reports as `unsealed`.
    await q.query(`
      CREATE TABLE "audit_unsealed" (
        "record_seq" bigint NOT NULL,
        CONSTRAINT "audit_unsealed_pkey" PRIMARY KEY ("record_seq"),
        CONSTRAINT "audit_unsealed_record_fkey" FOREIGN KEY ("record_seq") REFERENCES "audit_record" ("seq")
      )`);

    await q.query(`
      CREATE OR REPLACE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "audit_chain_append_only" BEFORE UPDATE OR DELETE ON "audit_chain" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"()`);
    await q.query(`CREATE TRIGGER "audit_chain_no_truncate" BEFORE TRUNCATE ON "audit_chain" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`);

    // The head moves forward only, over a batch just sealed: the first new link starts at the old head, the last
    // ends at the new one, and none is missing between (`audit verify` checks every link in between).
    await q.query(`
      CREATE OR REPLACE FUNCTION "audit_head_advance_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW."chain" <> OLD."chain" OR NEW."seq" <= OLD."seq"
          OR NOT EXISTS (SELECT 1 FROM "audit_chain" c WHERE c."seq" = OLD."seq" + 1 AND c."prev_hash" = OLD."hash")
          OR NOT EXISTS (SELECT 1 FROM "audit_chain" c WHERE c."seq" = NEW."seq" AND c."hash" = NEW."hash")
          OR (SELECT count(*) FROM "audit_chain" c WHERE c."seq" > OLD."seq" AND c."seq" <= NEW."seq") <> NEW."seq" - OLD."seq"
        THEN
          RAISE EXCEPTION 'audit_chain_head only advances over the links sealed after it' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);

    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_chain" FROM PUBLIC, CURRENT_USER`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [moved] = (await q.query(
      `SELECT (SELECT count(*) FROM "audit_chain" WHERE "seq" <> "record_seq")::int + (SELECT count(*) FROM "audit_record" r WHERE NOT EXISTS (SELECT 1 FROM "audit_chain" c WHERE c."record_seq" = r."seq"))::int AS n`,
    )) as { n: number }[];
    // The old table holds a row's chain position as its seq: rows sealed out of record order have no place there.
    if ((moved?.n ?? 0) > 0) throw new Error(`SealAuditChain1767300000000 cannot be reverted: ${moved?.n} audit rows were recorded or sealed after it`);
    await q.query(`ALTER TABLE "audit_record" ALTER COLUMN "seq" DROP DEFAULT`);
    await q.query(`DROP SEQUENCE "audit_record_seq_seq"`);
    await q.query(`DROP TABLE "audit_unsealed"`);
    await q.query(`ALTER TABLE "audit_record" ADD COLUMN "prev_hash" text, ADD COLUMN "hash" text`);
    await q.query(`ALTER TABLE "audit_record" DISABLE TRIGGER "audit_record_append_only"`);
    await q.query(`UPDATE "audit_record" r SET "prev_hash" = c."prev_hash", "hash" = c."hash" FROM "audit_chain" c WHERE c."record_seq" = r."seq"`);
    await q.query(`ALTER TABLE "audit_record" ENABLE TRIGGER "audit_record_append_only"`);
    await q.query(`ALTER TABLE "audit_record" ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL,
      ADD CONSTRAINT "audit_record_prev_hash_check" CHECK ("prev_hash" ~ ${SHA256}), ADD CONSTRAINT "audit_record_hash_check" CHECK ("hash" ~ ${SHA256})`);
    await q.query(`
      CREATE OR REPLACE FUNCTION "audit_head_advance_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW."chain" <> OLD."chain" OR NEW."seq" <> OLD."seq" + 1 OR NOT EXISTS (
          SELECT 1 FROM "audit_record" r WHERE r."seq" = NEW."seq" AND r."hash" = NEW."hash" AND r."prev_hash" = OLD."hash"
        ) THEN
          RAISE EXCEPTION 'audit_chain_head only advances to the row appended after it' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP TABLE "audit_chain"`);
  }
}
