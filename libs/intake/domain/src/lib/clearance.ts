import type { ConditionCode, MedicationCode, Technique } from '@massage/contracts';

/**
 * A first, coded slice of the screening table (shared/domain/screening-rules.md, draft v0.1, and the
 * "needs clearance" list of DOMAIN.md): intake answers that mean a physician must clear the client
 * before some techniques. Data, not code paths; the full versioned rule engine comes later.
 */
export const CLEARANCE_RULE_TABLE_VERSION = 'draft-0.1';

export interface ClearanceRule {
  /** Rule code from the screening table (CARDIO is DOMAIN.md's, not yet in the table). */
  rule: string;
  trigger: { kind: 'condition'; code: ConditionCode } | { kind: 'medication'; code: MedicationCode };
  /** Techniques blocked until a clearance is recorded; `all` blocks every technique. */
  blockedTechniques: readonly Technique[] | 'all';
  reason: string;
}

export const CLEARANCE_RULES: readonly ClearanceRule[] = [
  {
    rule: 'SURG',
    trigger: { kind: 'condition', code: 'recent-surgery' },
    blockedTechniques: ['deep-tissue', 'myofascial-release'],
    reason: 'surgery in the last 12 weeks: clearance before work at the site',
  },
  {
    rule: 'PREG_HR',
    trigger: { kind: 'condition', code: 'pregnancy-complications' },
    blockedTechniques: 'all',
    reason: 'high-risk pregnancy',
  },
  {
    rule: 'ONC_TX',
    trigger: { kind: 'condition', code: 'cancer-treatment' },
    blockedTechniques: ['deep-tissue', 'trigger-point', 'sports', 'myofascial-release'],
    reason: 'cancer in active treatment',
  },
  {
    rule: 'CARDIO',
    trigger: { kind: 'condition', code: 'cardiovascular-disease' },
    blockedTechniques: 'all',
    reason: 'cardiovascular disease',
  },
  {
    rule: 'HTN',
    trigger: { kind: 'condition', code: 'uncontrolled-hypertension' },
    blockedTechniques: 'all',
    reason: 'uncontrolled hypertension: no massage today, then clearance',
  },
  {
    rule: 'OSTEO',
    trigger: { kind: 'condition', code: 'osteoporosis' },
    blockedTechniques: ['deep-tissue', 'trigger-point', 'sports'],
    reason: 'osteoporosis: no deep pressure without clearance',
  },
  {
    rule: 'ANTICOAG',
    trigger: { kind: 'medication', code: 'anticoagulant' },
    blockedTechniques: ['deep-tissue', 'trigger-point', 'sports', 'myofascial-release'],
    reason: 'anticoagulant medication: no deep work without clearance',
  },
];

/** The clearance rules an intake's codes trigger, in table order, each at most once. */
export function flagsNeedingClearance(
  conditionCodes: readonly ConditionCode[],
  medicationCodes: readonly MedicationCode[],
): ClearanceRule[] {
  const conditions = new Set<string>(conditionCodes);
  const medications = new Set<string>(medicationCodes);
  return CLEARANCE_RULES.filter((r) => (r.trigger.kind === 'condition' ? conditions : medications).has(r.trigger.code));
}
