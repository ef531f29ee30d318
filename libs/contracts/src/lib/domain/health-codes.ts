/**
 * Coded health-history answers. Intake stores them; public events carry only these codes
 * (never the client's free text), so analysts and screening can use them without reading notes.
 * The codes follow ../shared/domain/screening-rules.md.
 */
export const CONDITION_CODES = [
  'fever',
  'acute-infection',
  'contagious-skin-condition',
  'suspected-dvt',
  'varicose-veins',
  'recent-bruise',
  'burn',
  'open-wound',
  'recent-injury',
  'recent-surgery',
  'pregnancy',
  'pregnancy-complications',
  'cancer-treatment',
  'cardiovascular-disease',
  'uncontrolled-hypertension',
  'osteoporosis',
  'diabetes',
  'epilepsy',
  'other',
] as const;
export type ConditionCode = (typeof CONDITION_CODES)[number];

export const MEDICATION_CODES = ['anticoagulant', 'corticosteroid', 'analgesic', 'muscle-relaxant', 'other'] as const;
export type MedicationCode = (typeof MEDICATION_CODES)[number];
