import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ScreeningCompleted, type ScreeningCompletedV1, type ScreeningRestrictionV1, type ScreeningTrigger } from '@massage/contracts';
import { screen, type Restriction } from '@massage/intake-screening';
import { OutboxWriter } from '@massage/messaging';
import type { EntityManager } from 'typeorm';
import { ClientEntity } from '../client.entity';
import { clearanceInputsOf } from '../clearances/clearance.entity';
import { IntakeEntity } from '../intake.entity';
import { RuleTableVersions, utcDate } from '../rule-tables/rule-table-versions';
import { ScreeningResultEntity } from './screening-result.entity';

export type { ScreeningTrigger } from '@massage/contracts';

export interface ScreenInput {
  clientId: string;
  locationId: string;
  trigger: ScreeningTrigger;
  correlationId: string;
  /** The instant screened for: the rule-table version in effect then, and the clearances valid then. */
  asOf: Date;
  /** The intake to screen; the client's latest intake when absent. */
  intakeId?: string;
}

/** A stored screening result (the row just inserted). */
export type StoredScreening = ScreeningResultEntity;

/** No rule-table version takes effect on or before the as-of date: a deployment error, not a client's. */
export class NoRuleTableInEffectError extends Error {
  constructor(readonly asOf: Date) {
    super(`no rule-table version is in effect on ${utcDate(asOf)}`);
    this.name = 'NoRuleTableInEffectError';
  }
}

/** A stored restriction as codes (the event's shape): the summary and the answers that fired it stay in this database. */
export function restrictionCodes(r: Restriction): ScreeningRestrictionV1 {
  return {
    rule: r.rule,
    kind: r.kind,
    techniques: r.techniques,
    regions: r.regions,
    ...(r.maxPressure !== undefined ? { maxPressure: r.maxPressure } : {}),
    positioning: r.positioning,
    ...(r.reScreenBy !== undefined ? { reScreenBy: r.reScreenBy } : {}),
    ...(r.satisfiedBy !== undefined ? { satisfiedBy: r.satisfiedBy } : {}),
  };
}

export function toScreeningCompleted(s: ScreeningResultEntity): ScreeningCompletedV1 {
  return {
    screeningId: s.id,
    clientId: s.clientId,
    locationId: s.locationId,
    intakeId: s.intakeId,
    tableVersion: s.tableVersion,
    asOf: s.asOf.toISOString(),
    trigger: s.trigger,
    outcome: s.outcome,
    restrictions: s.restrictions.map(restrictionCodes),
    reAskEveryVisit: s.reAskEveryVisit,
  };
}

/**
 * Screens a client inside the caller's transaction: the intake's answers, the client's recorded clearances and
 * the rule-table version in effect at `asOf` go through the engine; the result is stored and ScreeningCompleted
 * enqueued on the outbox, so they commit (or roll back) with the caller's change (an intake, a visit update, a
 * clearance). The client row is locked first: one client's screenings commit, and are published, in order.
 */
@Injectable()
export class ScreeningRecorder {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly tables: RuleTableVersions,
  ) {}

  /**
   * Resolves to the stored result, or to undefined when there is nothing to screen: the client has no intake yet
   * (a clearance recorded before the first intake is screened with that intake), or the client or the given intake
   * is not the location's. Throws NoRuleTableInEffectError when no table version is in effect at `asOf`.
   */
  async screenWithin(manager: EntityManager, input: ScreenInput): Promise<StoredScreening | undefined> {
    const client = await manager.findOne(ClientEntity, { where: { id: input.clientId, locationId: input.locationId }, lock: { mode: 'pessimistic_write' } });
    if (!client) return undefined;
    const intake = await this.intakeOf(manager, input);
    if (!intake) return undefined;
    const table = await this.tables.inEffect(manager, input.asOf);
    if (!table) throw new NoRuleTableInEffectError(input.asOf);

    const clearances = await clearanceInputsOf(manager, input.clientId);
    // The intake's submission dates its answers: a re-screen on a later day ignores its symptoms of "today".
    const result = screen(intake.answers, clearances, table, input.asOf, intake.submittedAt);

    const row = new ScreeningResultEntity();
    row.id = randomUUID();
    row.clientId = input.clientId;
    row.locationId = input.locationId;
    row.intakeId = intake.id;
    row.tableVersion = result.tableVersion;
    row.asOf = input.asOf;
    row.outcome = result.outcome;
    row.restrictions = result.restrictions;
    row.reAskEveryVisit = result.reAskEveryVisit;
    row.trigger = input.trigger;
    await manager.insert(ScreeningResultEntity, row);
    await this.outbox.enqueue(manager, ScreeningCompleted, toScreeningCompleted(row), { correlationId: input.correlationId });
    return manager.findOneByOrFail(ScreeningResultEntity, { id: row.id });
  }

  /** The given intake of the client, or the client's latest. */
  private intakeOf(manager: EntityManager, input: ScreenInput): Promise<IntakeEntity | null> {
    const where = { clientId: input.clientId, locationId: input.locationId, ...(input.intakeId !== undefined ? { id: input.intakeId } : {}) };
    return manager.findOne(IntakeEntity, { where, order: { submittedAt: 'DESC', id: 'DESC' } });
  }
}
