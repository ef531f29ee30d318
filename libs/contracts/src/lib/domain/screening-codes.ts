/**
 * The coded vocabulary of contraindication screening (../shared/domain/screening-rules.md): what intake
 * form v2 asks, what the rule table reasons over, and what ScreeningCompleted carries. Codes only: a
 * client's own words never leave the intake database.
 */

/** Walton's pressure scale: P1 light lotioning … P5 deepest. Ordered: a later level is deeper. */
export const PRESSURE_LEVELS = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type PressureLevel = (typeof PRESSURE_LEVELS)[number];

/** What a rule does when it fires (screening-rules.md, "Outcome kinds"). */
export const RESTRICTION_KINDS = ['ABSOLUTE', 'LOCAL', 'CLEARANCE', 'MODIFY'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/**
 * The overall result, most restrictive first: `deferred` (an ABSOLUTE rule: no massage today),
 * `clearance-required` (a CLEARANCE rule without a valid clearance), `restricted` (a LOCAL rule),
 * `modified` (a MODIFY rule only), `cleared` (nothing fired).
 */
export const SCREENING_OUTCOMES = ['deferred', 'clearance-required', 'restricted', 'modified', 'cleared'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

/** Positioning rules a MODIFY restriction may carry. */
export const POSITIONINGS = ['side-lying-or-semi-reclined', 'no-prone', 'rise-slowly', 'no-supine-flat'] as const;
export type Positioning = (typeof POSITIONINGS)[number];

/** Health conditions on intake form v2 (each with regions and dates where the rules need them). */
export const HEALTH_CONDITION_CODES = [
  'dvt',
  'thrombophlebitis',
  'cancer',
  'lymph-nodes-removed-or-irradiated',
  'radiation-field',
  'bone-metastasis',
  'osteoporosis',
  'osteopenia',
  'hypertension',
  'diabetes',
  'contagious-skin-condition',
  'open-wound',
  'cellulitis',
  'varicose-veins',
  'acute-inflammation',
  'rheumatoid-arthritis',
  'lupus',
  'undiagnosed-lump',
  'unexplained-pain',
  'epilepsy',
  'cardiovascular-disease',
  'other',
] as const;
export type HealthConditionCode = (typeof HEALTH_CONDITION_CODES)[number];

/** Qualifiers of a condition that change which rule applies (e.g. HTN controlled vs uncontrolled). */
export const CONDITION_QUALIFIERS = [
  'uncontrolled',
  'controlled',
  'severe',
  'mild',
  'widespread',
  'covered',
  'in-flare',
  'subacute',
  'numbness',
  'foot-sores',
  'complications',
  'active-treatment',
] as const;
export type ConditionQualifier = (typeof CONDITION_QUALIFIERS)[number];

/** Medication classes asked on form v2 ("blood thinners?" is anticoagulant or antiplatelet). */
export const MEDICATION_CLASSES = [
  'anticoagulant',
  'antiplatelet',
  'insulin',
  'antihypertensive',
  'corticosteroid',
  'analgesic',
  'muscle-relaxant',
  'chemotherapy',
  'other',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

/** Today's symptoms and red flags, asked before every visit. */
export const SYMPTOMS_TODAY = [
  'fever-last-48h',
  'flu-or-cold-last-48h',
  'leg-swollen-warm-or-painful',
  'headache',
  'dizziness',
  'vaginal-bleeding',
  'fluid-leak',
  'sudden-swelling',
  'one-sided-leg-pain',
  'bruises-easily',
] as const;
export type SymptomToday = (typeof SYMPTOMS_TODAY)[number];

/** Implanted or attached devices (IMPLANT, ONC_PORT, DM pump sites). */
export const DEVICE_KINDS = [
  'pacemaker',
  'icd',
  'port',
  'picc-line',
  'drain',
  'insulin-pump',
  'neurostimulator',
  'joint-replacement',
  'other',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Pregnancy risk factors that make a pregnancy high risk (PREG_HR). */
export const PREGNANCY_RISK_FACTORS = ['pre-eclampsia', 'bleeding', 'placenta-issue', 'other-high-risk'] as const;
export type PregnancyRiskFactor = (typeof PREGNANCY_RISK_FACTORS)[number];

/** Clearance lifecycle states. */
export const CLEARANCE_STATUSES = ['requested', 'recorded', 'expired', 'revoked'] as const;
export type ClearanceStatus = (typeof CLEARANCE_STATUSES)[number];

/** Rule codes are data (a new table version may add rules): upper-case letters, digits and `_`. */
export const RULE_CODE_PATTERN = '^[A-Z][A-Z0-9_]{1,31}$';
/** Rule-table versions: `YYYY.N` or semver-like, short. */
export const RULE_TABLE_VERSION_PATTERN = '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$';
