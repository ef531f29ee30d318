import type { RuleTableDocument } from '@massage/intake-screening';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A published version of the contraindication rule table (screening-rules.md as data). Never changed once
 * stored (a trigger refuses UPDATE and DELETE): screening results name the version they used.
 */
@Entity({ name: 'rule_table_version' })
export class RuleTableVersionEntity {
  @PrimaryColumn({ type: 'text' })
  version: string;

  /** `YYYY-MM-DD`: screenings as of this date and later use it, until a later version takes effect. */
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  /** The validated document, as published. */
  @Column({ type: 'jsonb' })
  document: RuleTableDocument;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  /** Who published it (the verified subject), or `migration` for a version seeded with the schema. */
  @Column({ name: 'published_by', type: 'text' })
  publishedBy: string;
}
