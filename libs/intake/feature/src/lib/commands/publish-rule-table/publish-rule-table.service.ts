import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import type { RuleTableVersionResponse } from '@massage/intake-api';
import { CURRENT_INTAKE_FORM, unaskableReAskRules } from '@massage/intake-domain';
import { validateRuleTable } from '@massage/intake-screening';
import { CLOCK, ValidationProblem, type Clock } from '@massage/platform';
import type { Actor } from '@massage/security';
import { DataSource, QueryFailedError } from 'typeorm';
import { throwIfViolated } from '../../http/rule-violations';
import { RuleTableVersionEntity } from '../../rule-tables/rule-table-version.entity';
import { toRuleTableVersionResponse } from '../../rule-tables/rule-table.responses';
import { utcDate } from '../../rule-tables/rule-table-versions';

export interface PublishRuleTableCommand {
  /** The rule-table document as sent: checked against the table's JSON Schema and rules before anything is stored. */
  document: unknown;
  actor: Actor;
  correlationId: string;
  idempotencyKey: string;
}

/** 409 problem+json naming the field that collides with a published version. */
function conflict(field: 'version' | 'effectiveFrom', reason: string): ConflictException {
  return new ConflictException({ message: reason, invalidParams: [{ name: field, reason }] });
}

const UNIQUE_VIOLATION = '23505';

/**
 * Publishes a new rule-table version (hq-admin): validated by `validateRuleTable` and, for every rule re-asked at
 * each visit, fed by a question of the current form (400 naming the field, nothing stored), effective from a later date than today (UTC) so every screening already made keeps the version that was
 * in effect for it, never replacing a version or an effective date (409). Audited in the same transaction.
 */
@Injectable()
export class PublishRuleTableService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(cmd: PublishRuleTableCommand, now = this.clock.now()): Promise<RuleTableVersionResponse> {
    const checked = validateRuleTable(cmd.document);
    if (!checked.ok) {
      throwIfViolated(checked.violations);
      throw new Error('validateRuleTable refused the document without naming a field');
    }
    const { table } = checked;
    throwIfViolated(unaskableReAskRules(table.rules, CURRENT_INTAKE_FORM));
    const today = utcDate(now);
    if (table.effectiveFrom <= today) {
      throw new ValidationProblem([
        { name: 'effectiveFrom', reason: `must be after ${today} (UTC): screenings up to today used the version then in effect, and must stay reproducible` },
      ]);
    }

    const audited = { actor: cmd.actor, action: 'write', operation: 'rule-table.publish', resourceType: 'rule-table', resourceId: table.version, correlationId: cmd.correlationId } as const;
    const request = { scope: `${cmd.actor.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/rule-tables', cmd.document) };
    try {
      return await this.idempotency.once(this.dataSource, request, 201, async (manager) => {
        const clash = await manager
          .createQueryBuilder(RuleTableVersionEntity, 't')
          .where('t.version = :version OR t.effective_from = :effectiveFrom', { version: table.version, effectiveFrom: table.effectiveFrom })
          .getOne();
        if (clash?.version === table.version) throw conflict('version', `version ${table.version} is already published; publish a new version`);
        if (clash) throw conflict('effectiveFrom', `version ${clash.version} already takes effect on ${table.effectiveFrom}`);

        const row = new RuleTableVersionEntity();
        row.version = table.version;
        row.effectiveFrom = table.effectiveFrom;
        row.document = table;
        row.publishedAt = now;
        row.publishedBy = cmd.actor.subject;
        await manager.insert(RuleTableVersionEntity, row);
        await this.audit.record(manager, { ...audited, outcome: 'allowed' });
        return toRuleTableVersionResponse(row);
      });
    } catch (error: unknown) {
      // Two publications of one version racing: the loser meets the primary or unique key.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict('version', `version ${table.version} or its effective date is already published`);
      }
      if (error instanceof ConflictException) await this.audit.recordNow({ ...audited, outcome: 'refused', reason: 'conflict' });
      throw error;
    }
  }
}
