/**
 * The coded vocabulary of treatment records on the wire (../shared/domain/clinical-records.md). The words
 * behind them (a goal's activity, the referrer's name, a SOAP section's text) stay in treatment's database.
 */

/** Who referred the client to a plan. */
export const REFERRAL_SOURCES = ['physician', 'physiotherapist', 'chiropractor', 'nurse-practitioner', 'other-provider'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Why a plan stopped before its sessions were done. */
export const PLAN_DISCONTINUATION_REASONS = ['client-request', 'contraindicated', 'referred-out', 'no-progress', 'moved-away', 'other'] as const;
export type PlanDiscontinuationReason = (typeof PLAN_DISCONTINUATION_REASONS)[number];

/** What a change to a signed note is (clinical-records.md, "Signing"): a correction, new information, or a late entry. */
export const NOTE_AMENDMENT_KINDS = ['correction', 'addendum', 'late-entry'] as const;
export type NoteAmendmentKind = (typeof NOTE_AMENDMENT_KINDS)[number];

/** The parts of a SOAP note an amendment may touch. */
export const NOTE_SECTIONS = ['subjective', 'objective', 'work', 'pain', 'range-of-motion', 'function', 'assessment', 'plan'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];

/** Numeric pain rating and PSFS item scores: whole numbers 0–10. */
export const SCORE_0_TO_10 = { type: 'integer', minimum: 0, maximum: 10 } as const;
