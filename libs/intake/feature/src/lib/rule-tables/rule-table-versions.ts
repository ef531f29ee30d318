import { Injectable } from '@nestjs/common';
import { tableInEffect, type RuleTableDocument } from '@massage/intake-screening';
import type { EntityManager } from 'typeorm';
import { RuleTableVersionEntity } from './rule-table-version.entity';

/** The UTC calendar date of an instant: effective dates, like the engine's day windows, are UTC dates. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * The published rule-table versions as screening reads them. The engine's `tableInEffect` picks the version in
 * effect (one rule, in the domain); documents are cached by version, which is safe because a published version
 * never changes (a trigger refuses it), and lets the engine reuse its compiled form of the same document object.
 */
@Injectable()
export class RuleTableVersions {
  private readonly documents = new Map<string, RuleTableDocument>();

  /** The version name in effect at `asOf`, or undefined before the first takes effect. */
  async versionInEffect(manager: EntityManager, asOf: Date): Promise<string | undefined> {
    const versions = await manager.find(RuleTableVersionEntity, { select: { version: true, effectiveFrom: true } });
    return tableInEffect(versions, asOf)?.version;
  }

  /** The document in effect at `asOf`, or undefined before the first version takes effect. */
  async inEffect(manager: EntityManager, asOf: Date): Promise<RuleTableDocument | undefined> {
    const version = await this.versionInEffect(manager, asOf);
    if (version === undefined) return undefined;
    const cached = this.documents.get(version);
    if (cached) return cached;
    const { document } = await manager.findOneByOrFail(RuleTableVersionEntity, { version });
    this.documents.set(version, document);
    return document;
  }
}
