import { RULE_TABLE_2026_1, validateRuleTable, type RuleTableDocument } from '@massage/intake-screening';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data migration: the first rule-table version (`RULE_TABLE_2026_1`, screening-rules.md draft v0.1), so a fresh
 * service can screen from its first intake. Kept apart from the schema migration (STYLE.md): the document is
 * a snapshot of the one in code as of this migration; later versions are published through `POST /rule-tables`.
 */
export class SeedRuleTable20261765200110000 implements MigrationInterface {
  name = 'SeedRuleTable20261765200110000';

  async up(q: QueryRunner): Promise<void> {
    const table: RuleTableDocument = RULE_TABLE_2026_1;
    const checked = validateRuleTable(JSON.parse(JSON.stringify(table)));
    if (!checked.ok) throw new Error(`RULE_TABLE_2026_1 is not a valid rule table: ${JSON.stringify(checked.violations)}`);
    await q.query(
      `INSERT INTO "rule_table_version" ("version", "effective_from", "document", "published_at", "published_by") VALUES ($1, $2, $3::jsonb, now(), 'migration')`,
      [table.version, table.effectiveFrom, JSON.stringify(table)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Versions are append-only (a trigger); undoing the seed is the one sanctioned removal, and only with no result using it.
    await q.query(`ALTER TABLE "rule_table_version" DISABLE TRIGGER "rule_table_version_immutable"`);
    await q.query(`DELETE FROM "rule_table_version" WHERE "version" = $1 AND "published_by" = 'migration'`, [RULE_TABLE_2026_1.version]);
    await q.query(`ALTER TABLE "rule_table_version" ENABLE TRIGGER "rule_table_version_immutable"`);
  }
}
