import type {
  BodyRegion,
  ConditionQualifier,
  DeviceKind,
  HealthConditionCode,
  MedicationClass,
  Positioning,
  PregnancyRiskFactor,
  PressureLevel,
  RestrictionKind,
  ScreeningOutcome,
  ScreeningRestrictionV1,
  SymptomToday,
  Technique,
} from '@massage/contracts';
import type { HealthAnswers } from '@massage/intake-domain';

/**
 * The rule table as a versioned document (validated by `RULE_TABLE_JSON_SCHEMA` and `validateRuleTable`):
 * HQ publishes a new version with an effective date and no code change. The rows and their numbers come
 * from ../shared/domain/screening-rules.md; "(proposed)" numbers are defaults a clinical lead can change.
 *
 * A row names a condition and its `effects`: each effect fires when its trigger matches the answers
 * and yields one restriction. The trigger vocabulary is the fixed part (code); which codes, windows,
 * regions, techniques and caps apply is data. A document is treated as immutable once screened with
 * (the engine caches its compiled form per document object).
 */
export interface RuleTableDocument {
  /** e.g. `2026.1`. */
  version: string;
  /** `YYYY-MM-DD`: screenings as of this date and later use this version (until a later one takes effect). */
  effectiveFrom: string;
  /**
   * Typical pressure of each technique (screening-rules.md, "Pressure levels"): a technique fits a cap
   * when its lowest typical level (`min`) is within it. Every technique of the catalogue is listed.
   */
  techniquePressure: Record<Technique, { min: PressureLevel; max: PressureLevel }>;
  rules: RuleRow[];
}

export interface RuleRow {
  code: string;
  condition: string;
  /** The intake questions that feed it (documentation, shown to staff). */
  askedOnIntake: string;
  /** Re-ask its questions at every visit (DVT history, anticoagulants, pregnancy). */
  reAskEveryVisit: boolean;
  /** How often to screen again, in days; absent = no fixed interval. */
  reScreenDays?: number;
  /** Where the row comes from (a reference, or "proposed" for our own conservative numbers). */
  source: string;
  effects: RuleEffect[];
}

export interface RuleEffect {
  when: Trigger;
  kind: RestrictionKind;
  /** `all`, or the listed techniques; `allExcept` concerns every technique but those. */
  techniques: 'all' | { only: Technique[] } | { allExcept: Technique[] };
  /**
   * `all` (whole body), `trigger` (the regions or sites given in the matching answers), or a fixed list.
   * `distal: true` adds everything distal to those regions (`DISTAL_OF`; e.g. VARIC severe: the vein and below).
   */
  regions: 'all' | 'trigger' | BodyRegion[];
  distal?: boolean;
  /** With `regions: 'trigger'`: what a matching answer that names no region adds (default `all`: unknown site, whole body). */
  regionsWhenUnstated?: 'all' | BodyRegion[];
  /** MODIFY/LOCAL cap; `none` = no work at all there. LOCAL always has one. */
  maxPressure?: PressureLevel | 'none';
  positioning?: Positioning[];
  /** For CLEARANCE effects (required there, only there): how long a recorded clearance for this rule stays valid by default. */
  clearanceValidDays?: number;
  /** A short code-like note of what the effect means (`no-massage-today`, `rise-slowly`), never client text. */
  summary: string;
}

/**
 * The trigger vocabulary. Windows are in whole days between an answer's calendar date and the UTC
 * calendar date of the as-of instant: `within N` = at most N days before (a date after the as-of date,
 * or one that cannot be read, counts as within: the conservative reading), `olderThan N` = more than N days before.
 *
 * - `condition`: a condition answer with that code (or one of those codes), and:
 *   `qualifiersAny` at least one of them, `qualifiersNone` none of them;
 *   `treatment`: `ongoing` (a start and no end), `ended` (an end), `none` (neither);
 *   `treatedWithinDays`: a treatment that is ongoing or ended within N days;
 *   `treatedOlderThanDays`: a treatment that ended more than N days before.
 * - `medicationAny` / `symptomAny`: a medication class / a symptom today among those.
 * - `pregnancy`: pregnant, with weeks in [minWeeks, maxWeeks] and at least one of `riskFactorAny`.
 * - `surgeryWithinDays` / `fractureWithinDays` (`unhealedOnly`: union not confirmed): by date.
 * - `deviceAny`: a device of those kinds; `placedWithinDays` (no placement date counts as within);
 *   `notRemoved`: no removal date on or before the as-of date.
 * - `anyOf` / `allOf`: combinations; a match collects every matching answer of every matching branch.
 *
 * Condition, surgery, fracture and device answers carry regions (`regions: 'trigger'`); the others do not.
 */
export type Trigger =
  | ConditionTrigger
  | { medicationAny: MedicationClass[] }
  | { symptomAny: SymptomToday[] }
  | { pregnancy: { minWeeks?: number; maxWeeks?: number; riskFactorAny?: PregnancyRiskFactor[] } }
  | { surgeryWithinDays: number }
  | { fractureWithinDays: number; unhealedOnly?: boolean }
  | { deviceAny: DeviceKind[]; placedWithinDays?: number; notRemoved?: boolean }
  | { anyOf: Trigger[] }
  | { allOf: Trigger[] };

export interface ConditionTrigger {
  condition: HealthConditionCode | HealthConditionCode[];
  qualifiersAny?: ConditionQualifier[];
  qualifiersNone?: ConditionQualifier[];
  treatment?: 'ongoing' | 'ended' | 'none';
  treatedWithinDays?: number;
  treatedOlderThanDays?: number;
}

/** A physician's recorded clearance, as the engine sees it. */
export interface ClearanceInput {
  id: string;
  /** The rule code(s) it answers. */
  rules: string[];
  /** Scope: what the physician cleared. */
  techniques: Technique[] | 'all';
  sites: BodyRegion[] | 'all';
  maxPressure?: PressureLevel;
  positioning?: Positioning[];
  /** RFC 3339; the clearance counts until (excluding) this instant. */
  expiresAt: string;
  /** Revoked clearances are passed with this set and count as none (whatever the instant). */
  revokedAt?: string;
}

/**
 * One restriction of a result: what ScreeningCompleted carries (rule, kind, techniques and regions in
 * catalogue order, cap, positioning, reScreenBy, satisfiedBy), plus the explanation that stays in intake.
 */
export interface Restriction extends ScreeningRestrictionV1 {
  summary: string;
  /** Answer paths that fired it, e.g. `conditions.0`, `medications.1`, `symptomsToday.0`, `pregnancy`. */
  triggeredBy: string[];
  /** For the MODIFY that carries a clearance's own limits (summary `clearance-scope`): that clearance. */
  fromClearance?: string;
}

export interface ScreeningResult {
  outcome: ScreeningOutcome;
  tableVersion: string;
  /** RFC 3339: the instant screened for. */
  asOf: string;
  restrictions: Restriction[];
  /** Rules whose questions must be asked again before the next visit. */
  reAskEveryVisit: string[];
}

/**
 * `(answers, clearances, table, as-of, answered-at) → result`: pure and deterministic. `answeredAt` is when
 * the answers were given (the intake's submission; default: as-of): their `symptomsToday` hold only on
 * that UTC day (see `screen`).
 */
export type ScreenFn = (
  answers: HealthAnswers,
  clearances: readonly ClearanceInput[],
  table: RuleTableDocument,
  asOf: Date,
  answeredAt?: Date,
) => ScreeningResult;
