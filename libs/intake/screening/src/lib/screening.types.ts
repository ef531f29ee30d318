import type {
  BodyRegion,
  Positioning,
  PressureLevel,
  RestrictionKind,
  ScreeningOutcome,
  Technique,
} from '@massage/contracts';
import type { HealthAnswers } from '@massage/intake-domain';

/**
 * The rule table as a versioned document (validated by `RULE_TABLE_JSON_SCHEMA`): HQ publishes a
 * new version with an effective date and no code change. The rows and their numbers come from
 * ../shared/domain/screening-rules.md; "(proposed)" numbers are defaults a clinical lead can change.
 *
 * A row names a condition and its `effects`: each effect fires when its trigger matches the answers
 * and yields one restriction. The trigger vocabulary is the fixed part (code); which codes, windows,
 * regions, techniques and caps apply is data.
 */
export interface RuleTableDocument {
  /** e.g. `2026.1`. */
  version: string;
  /** `YYYY-MM-DD`: screenings as of this date and later use this version (until a later one takes effect). */
  effectiveFrom: string;
  /** Typical pressure of each technique (screening-rules.md, "Pressure levels"): a technique fits a cap when its lowest typical level is within it. */
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
  source: string;
  effects: RuleEffect[];
}

export interface RuleEffect {
  when: Trigger;
  kind: RestrictionKind;
  /** `all`, or the listed techniques; `allExcept` blocks every technique but those. */
  techniques: 'all' | { only: Technique[] } | { allExcept: Technique[] };
  /**
   * `all` (whole body), `trigger` (the regions or sites given in the matching answer), or a fixed list.
   * `distal: true` adds everything distal to those regions (e.g. VARIC severe: the vein and below).
   */
  regions: 'all' | 'trigger' | BodyRegion[];
  distal?: boolean;
  /** MODIFY/LOCAL cap; `none` = no work at all there. */
  maxPressure?: PressureLevel | 'none';
  positioning?: Positioning[];
  /** For CLEARANCE effects: how long a recorded clearance for this rule stays valid by default. */
  clearanceValidDays?: number;
  /** A short code-like note of what the effect means (`no-massage-today`, `rise-slowly`), never client text. */
  summary: string;
}

/**
 * The trigger vocabulary. Windows are in days before the as-of date; `within` = at most that many
 * days ago, `olderThan` = more than that many days ago.
 */
export type Trigger =
  | { condition: string; qualifiersAny?: string[]; qualifiersNone?: string[]; treatment?: 'ongoing' | 'ended'; treatedWithinDays?: number; treatedOlderThanDays?: number }
  | { medicationAny: string[] }
  | { symptomAny: string[] }
  | { pregnancy: { minWeeks?: number; maxWeeks?: number; riskFactorAny?: string[] } }
  | { surgeryWithinDays: number }
  | { fractureWithinDays: number; unhealedOnly?: boolean }
  | { deviceAny: string[]; placedWithinDays?: number; notRemoved?: boolean }
  | { anyOf: Trigger[] }
  | { allOf: Trigger[] };

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
  /** Revoked clearances are passed with this set and count as none. */
  revokedAt?: string;
}

/** One restriction of a result, naming the rule and the answers that triggered it. */
export interface Restriction {
  rule: string;
  kind: RestrictionKind;
  techniques: 'all' | Technique[];
  regions: 'all' | BodyRegion[];
  maxPressure?: PressureLevel | 'none';
  positioning: Positioning[];
  /** RFC 3339: when this restriction must be screened again (rule's re-screen interval), if any. */
  reScreenBy?: string;
  summary: string;
  /** Answer paths that fired it, e.g. `conditions.0`, `medications.1`, `symptomsToday`. */
  triggeredBy: string[];
  /** For CLEARANCE: the clearance that satisfies it (then it no longer blocks), if any. */
  satisfiedBy?: string;
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

/** `(answers, clearances, table, as-of) → result`: pure and deterministic. */
export type ScreenFn = (answers: HealthAnswers, clearances: readonly ClearanceInput[], table: RuleTableDocument, asOf: Date) => ScreeningResult;
