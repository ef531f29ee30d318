import { RULE_TABLE_VERSION_PATTERN, SCREENING_OUTCOMES, SCREENING_TRIGGERS } from '@massage/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * The rule table's published versions and the screening results (issue 7); schema only, the first table version
 * is seeded by a data migration of its own. A version is never changed once published (a trigger refuses UPDATE
 * and DELETE): every stored result names the version it used, and must stay reproducible from it.
 */
export class CreateScreeningTables1765200100000 implements MigrationInterface {
  name = 'CreateScreeningTables1765200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "rule_table_version" (
        "version" text NOT NULL CHECK ("version" ~ '${RULE_TABLE_VERSION_PATTERN}'),
        "effective_from" date NOT NULL,
        "document" jsonb NOT NULL CHECK (jsonb_typeof("document") = 'object'),
        "published_at" timestamptz NOT NULL,
        "published_by" text NOT NULL CHECK (length("published_by") BETWEEN 1 AND 128),
        CONSTRAINT "rule_table_version_pkey" PRIMARY KEY ("version"),
        -- One version takes effect on a given day: "the version in effect" is never a tie.
        CONSTRAINT "rule_table_version_effective_from_key" UNIQUE ("effective_from"),
        CONSTRAINT "rule_table_version_document_matches" CHECK ("document"->>'version' = "version" AND ("document"->>'effectiveFrom')::date = "effective_from")
      )`);
    await q.query(`
      CREATE FUNCTION "rule_table_version_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rule_table_version is append-only: publish a new version instead of changing %', OLD."version";
      END $$`);
    await q.query(`
      CREATE TRIGGER "rule_table_version_immutable" BEFORE UPDATE OR DELETE ON "rule_table_version"
      FOR EACH ROW EXECUTE FUNCTION "rule_table_version_immutable"()`);

    await q.query(`
      CREATE TABLE "screening_result" (
        "id" uuid NOT NULL,
        -- Total order of a client's results (the latest is the highest); writers lock the client row first.
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "client_id" uuid NOT NULL,
        "location_id" text NOT NULL,
        "intake_id" uuid NOT NULL,
        "table_version" text NOT NULL,
        "as_of" timestamptz NOT NULL,
        "outcome" text NOT NULL CHECK ("outcome" IN (${list(SCREENING_OUTCOMES)})),
        "restrictions" jsonb NOT NULL CHECK (jsonb_typeof("restrictions") = 'array'),
        "re_ask_every_visit" text[] NOT NULL,
        "trigger" text NOT NULL CHECK ("trigger" IN (${list(SCREENING_TRIGGERS)})),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "screening_result_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "screening_result_client_fkey" FOREIGN KEY ("client_id") REFERENCES "client" ("id"),
        CONSTRAINT "screening_result_intake_fkey" FOREIGN KEY ("intake_id") REFERENCES "intake" ("id"),
        CONSTRAINT "screening_result_table_version_fkey" FOREIGN KEY ("table_version") REFERENCES "rule_table_version" ("version")
      )`);
    await q.query(`CREATE INDEX "screening_result_client_seq_idx" ON "screening_result" ("client_id", "seq" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "screening_result"`);
    await q.query(`DROP TABLE IF EXISTS "rule_table_version"`);
    await q.query(`DROP FUNCTION IF EXISTS "rule_table_version_immutable"()`);
  }
}
