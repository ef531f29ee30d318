import type { BodyRegion, Technique } from '@massage/contracts';

/**
 * The after-care advice catalogue, in the order a message lists it. Each code has one sentence per
 * language in templates/<language>/after-care-advice.json; nothing about the client's health is
 * written here or there, only what to do after the kind of work done.
 */
export const AFTER_CARE_ADVICE_CODES = [
  'hydrate',
  'expect-mild-soreness',
  'rest-after-deep-tissue',
  'take-time-getting-up',
  'gentle-stretch-neck',
  'gentle-stretch-shoulders',
  'heat-not-ice-lower-back',
  'gentle-stretch-hips',
  'walk-after-leg-work',
  'go-easy-on-treated-area',
  'report-unusual-pain',
] as const;
export type AfterCareAdviceCode = (typeof AFTER_CARE_ADVICE_CODES)[number];

// Record over every technique and region: a technique or region added to the contracts does not
// compile until someone decides its advice.
const BY_TECHNIQUE: Record<Technique, readonly AfterCareAdviceCode[]> = {
  swedish: [],
  'deep-tissue': ['expect-mild-soreness', 'rest-after-deep-tissue'],
  'myofascial-release': ['expect-mild-soreness'],
  'trigger-point': ['expect-mild-soreness', 'rest-after-deep-tissue'],
  sports: ['expect-mild-soreness', 'rest-after-deep-tissue'],
  neuromuscular: ['expect-mild-soreness', 'rest-after-deep-tissue'],
  'lymphatic-drainage': ['take-time-getting-up'],
  prenatal: ['take-time-getting-up'],
  percussion: ['expect-mild-soreness'],
  'joint-mobilisation': ['go-easy-on-treated-area'],
  'rib-springing': ['go-easy-on-treated-area'],
  'scar-work': ['go-easy-on-treated-area'],
};

const BY_REGION: Record<BodyRegion, readonly AfterCareAdviceCode[]> = {
  head: ['gentle-stretch-neck'],
  neck: ['gentle-stretch-neck'],
  'upper-back': ['gentle-stretch-neck', 'gentle-stretch-shoulders'],
  'mid-back': [],
  'lower-back': ['heat-not-ice-lower-back'],
  'left-shoulder': ['gentle-stretch-shoulders'],
  'right-shoulder': ['gentle-stretch-shoulders'],
  'left-arm': [],
  'right-arm': [],
  'left-hand': [],
  'right-hand': [],
  chest: [],
  abdomen: [],
  'left-hip': ['gentle-stretch-hips'],
  'right-hip': ['gentle-stretch-hips'],
  gluteal: ['gentle-stretch-hips'],
  'left-thigh': ['walk-after-leg-work'],
  'right-thigh': ['walk-after-leg-work'],
  'left-knee': ['walk-after-leg-work'],
  'right-knee': ['walk-after-leg-work'],
  'left-calf': ['walk-after-leg-work'],
  'right-calf': ['walk-after-leg-work'],
  'left-foot': ['walk-after-leg-work'],
  'right-foot': ['walk-after-leg-work'],
};

export interface WorkDone {
  technique: Technique;
  region: BodyRegion;
}

/**
 * The advice codes for a session from the techniques and regions worked: in catalogue order,
 * each once, whatever the order of the work; `hydrate` after any work; `report-unusual-pain` always.
 */
export function afterCareAdvice(work: readonly WorkDone[]): AfterCareAdviceCode[] {
  const chosen = new Set<AfterCareAdviceCode>(['report-unusual-pain']);
  if (work.length > 0) chosen.add('hydrate');
  for (const { technique, region } of work) {
    for (const code of BY_TECHNIQUE[technique] ?? []) chosen.add(code);
    for (const code of BY_REGION[region] ?? []) chosen.add(code);
  }
  return AFTER_CARE_ADVICE_CODES.filter((code) => chosen.has(code));
}
