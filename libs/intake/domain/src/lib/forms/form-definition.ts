import type { ConditionQualifier, HealthConditionCode } from '@massage/contracts';

/**
 * When a question is asked again:
 * - `every-visit`: before every visit (today's symptoms, pain, pressure);
 * - `if-changed`: the visit update asks "anything changed?" and keeps the last answer otherwise;
 * - `{ everyVisitFor }`: every visit while the client's last screening re-asks one of these rules (the rule
 *   table's `reAskEveryVisit` rows that fired: a DVT history, an anticoagulant, a pregnancy, a recent surgery).
 *   The one declaration the visit update reads (`reAskedSections`); it may name a rule the question does not
 *   feed: the DVT questions are asked again for ANTICOAG and SURG (screening-rules.md).
 */
export type ReAsk = 'every-visit' | 'if-changed' | { everyVisitFor: readonly string[] };

/** One question of a form, as the client sees it and as a submission answers it. */
export interface FormQuestion {
  /** Where the answer goes in the submission (`answers.pregnancy.weeks`). */
  field: string;
  /** The question in words. */
  asks: string;
  /** A submission without this field is refused (lists may still be empty). */
  required: boolean;
  /** The codes an answer picks from, when it is coded. */
  codes?: readonly string[];
  reAsk: ReAsk;
  /** The screening rules (screening-rules.md codes) the answer feeds. */
  feeds: readonly string[];
}

/** Dates the form asks about a condition (all optional; each, when given, a real date not in the future). */
export type ConditionDate = 'diagnosedOn' | 'onsetOn' | 'treatmentStartedOn' | 'treatmentEndedOn';

/** What the form asks about one condition code. */
export interface ConditionQuestion {
  /** `required`: at least one region (the rule acts on the site: "where?"). */
  regions: 'required' | 'optional';
  /** The qualifiers the form offers for this code; any other is refused. */
  qualifiers: readonly ConditionQualifier[];
  dates: readonly ConditionDate[];
}

/** The stored shape of a form's answers. */
export type AnswersShape = 'health-answers-v2' | 'health-history-v1';

/**
 * A published intake form. `current` forms accept submissions; `retired` ones stay registered so the
 * intakes pinned to them can be read, and a submission naming one is refused.
 */
export interface IntakeFormDefinition {
  version: string;
  status: 'current' | 'retired';
  /** `YYYY-MM-DD`. */
  publishedOn: string;
  retiredOn?: string;
  answers: AnswersShape;
  /** Consent text versions a submission on this form may sign (empty for retired forms). */
  consentTextVersions: readonly string[];
  questions: readonly FormQuestion[];
  /** Per condition code (v2 forms only). */
  conditionQuestions?: Readonly<Record<HealthConditionCode, ConditionQuestion>>;
}
