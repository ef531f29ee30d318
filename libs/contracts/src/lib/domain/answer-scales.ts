/**
 * The numeric scales of coded health answers, written once: intake's form rules, its request DTOs and
 * the IntakeCompleted schemas all take their bounds from here.
 */

/** Pain rating: 0 (none) to 10 (worst imaginable), integers. */
export const PAIN_RATING_SCALE = { min: 0, max: 10 } as const;

/** Completed weeks of gestation (a term pregnancy ends by about 42; 45 leaves room for a late answer). */
export const PREGNANCY_WEEKS_RANGE = { min: 0, max: 45 } as const;

/** What an intake is: a complete form, or the short "anything changed?" update before a visit. */
export const INTAKE_KINDS = ['full', 'visit-update'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];
