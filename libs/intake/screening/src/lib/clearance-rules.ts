import type { RuleViolation } from '@massage/intake-domain';
import { clearanceExpiryFor } from './screen';
import type { RuleTableDocument } from './screening.types';

/*
 * The clearance workflow's own rules, pure (no framework, no database): which rule codes a clearance may answer,
 * and until when it counts. The services apply them with the rule-table version in effect.
 */

const DAY_MS = 86_400_000;

/**
 * How far ahead an explicit expiry may be when none of a clearance's rules sets a default validity
 * (`clearanceValidDays`), in days (proposed; a clinical lead may ask for another number). The API's limit derives from it.
 */
export const CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT = 365;

/**
 * Every code must be a rule of the table in effect with a CLEARANCE effect. A rule need not have fired in the
 * client's latest screening: a letter may be asked for (or brought in) before the intake that makes it fire,
 * e.g. surgery next week; a clearance for a rule that does not fire simply satisfies nothing.
 */
export function clearanceRuleViolations(rules: readonly string[], table: RuleTableDocument, field = 'rules'): RuleViolation[] {
  return rules.flatMap((code, i): RuleViolation[] => {
    const row = table.rules.find((r) => r.code === code);
    if (!row) return [{ field: `${field}.${i}`, reason: `${code} is not a rule of rule table ${table.version}` }];
    if (!row.effects.some((e) => e.kind === 'CLEARANCE')) return [{ field: `${field}.${i}`, reason: `${code} needs no clearance in rule table ${table.version} (it has no CLEARANCE effect)` }];
    return [];
  });
}

/**
 * The default expiry of a clearance for these rules, recorded at `recordedAt`: the earliest of the rules'
 * defaults (each rule's longest `clearanceValidDays`, as the engine's clearanceExpiryFor says), since one letter
 * cannot outlast the strictest rule it answers; undefined when no rule sets one.
 */
export function defaultClearanceExpiry(rules: readonly string[], table: RuleTableDocument, recordedAt: Date): Date | undefined {
  const defaults = rules.map((r) => clearanceExpiryFor(r, table, recordedAt)).filter((d): d is string => d !== undefined).map((d) => Date.parse(d));
  return defaults.length === 0 ? undefined : new Date(Math.min(...defaults));
}

export type ExpiryDecision = { expiresAt: Date; violations?: never } | { expiresAt?: never; violations: RuleViolation[] };

/**
 * When a clearance recorded at `recordedAt` stops counting. Without `requested`, the default (above); with it,
 * an instant after `recordedAt` that may shorten the default but never lengthen it. When no rule sets a default,
 * `requested` is required and at most CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT days ahead.
 */
export function decideClearanceExpiry(rules: readonly string[], table: RuleTableDocument, recordedAt: Date, requested?: string): ExpiryDecision {
  const byDefault = defaultClearanceExpiry(rules, table, recordedAt);
  const refuse = (reason: string): ExpiryDecision => ({ violations: [{ field: 'expiresAt', reason }] });
  if (requested === undefined) {
    return byDefault ? { expiresAt: byDefault } : refuse(`expiresAt is required: none of ${rules.join(', ')} sets a default validity in rule table ${table.version}`);
  }
  const at = new Date(requested);
  if (Number.isNaN(at.getTime())) return refuse('expiresAt must be an RFC 3339 date-time');
  if (at.getTime() <= recordedAt.getTime()) return refuse(`expiresAt must be in the future (after ${recordedAt.toISOString()})`);
  const latest = byDefault ?? new Date(recordedAt.getTime() + CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT * DAY_MS);
  if (at.getTime() > latest.getTime()) {
    return refuse(
      byDefault
        ? `expiresAt may shorten the rules' default validity, not lengthen it: at most ${latest.toISOString()}`
        : `expiresAt must be at most ${CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT} days ahead (${latest.toISOString()})`,
    );
  }
  return { expiresAt: at };
}
