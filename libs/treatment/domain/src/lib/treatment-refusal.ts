import type { ScreeningRefusal } from '@massage/clinical-restrictions';
import type { TreatmentPlanStatus } from './treatment-plan.types';

/**
 * Every reason treatment refuses a plan or a note. The API's problem+json `type` names one of these; the
 * screening ones (`@massage/clinical-restrictions`) also name the screening rule (`DVT_ACT`). `invalid`
 * carries field-level violations; the others are unprocessable as asked (422), except `not-your-session` (403).
 */
export const TREATMENT_REFUSAL_RULES = [
  'invalid',
  'screening-pending',
  'deferred',
  'contraindicated',
  'clearance-required',
  'not-your-session',
  'note-signed',
  'note-not-signed',
  'note-incomplete',
  'plan-closed',
] as const;
export type TreatmentRefusalRule = (typeof TREATMENT_REFUSAL_RULES)[number];

/** One broken input rule, named by the field's dotted path (`work.1.minutes`), as the API reports it. */
export interface RuleViolation {
  field: string;
  reason: string;
}

export type TreatmentRefusal =
  /** The input breaks field rules (ranges, duplicates, unknown goals). */
  | { rule: 'invalid'; violations: RuleViolation[] }
  /** The client's screening forbids part of the plan or the work; `items` are positions in the work judged (for a note, `work.N`). */
  | ScreeningRefusal
  /** Only the appointment's therapist writes its note (and only they, or a supervisor, amend it). */
  | { rule: 'not-your-session'; therapistId: string }
  /** A signed note is locked: change it by an amendment. */
  | { rule: 'note-signed'; signedAt: Date }
  /** An amendment needs a signed note: a draft is edited by saving it. */
  | { rule: 'note-not-signed' }
  /** Signing needs the fields the record must have (clinical-records.md): `missing` names them. */
  | { rule: 'note-incomplete'; missing: string[] }
  /** A completed or discontinued plan is not revised, completed or discontinued again. */
  | { rule: 'plan-closed'; status: Exclude<TreatmentPlanStatus, 'active'> };

/** What a pure step returns: the new state, or every reason it is refused (nothing changes). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusals: TreatmentRefusal[] };
