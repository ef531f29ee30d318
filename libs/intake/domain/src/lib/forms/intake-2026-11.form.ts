import {
  BODY_REGIONS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  SYMPTOMS_TODAY,
  type ConditionQualifier,
  type HealthConditionCode,
} from '@massage/contracts';
import type { ConditionDate, ConditionQuestion, IntakeFormDefinition } from './form-definition';

const TREATMENT: readonly ConditionDate[] = ['diagnosedOn', 'treatmentStartedOn', 'treatmentEndedOn'];
const ONSET: readonly ConditionDate[] = ['diagnosedOn', 'onsetOn'];

function ask(
  regions: ConditionQuestion['regions'],
  qualifiers: readonly ConditionQualifier[] = [],
  dates: readonly ConditionDate[] = ['diagnosedOn'],
): ConditionQuestion {
  return { regions, qualifiers, dates };
}

/**
 * What the form asks about each condition (screening-rules.md, "asked on intake"): "where?" makes the
 * region required; the qualifiers are the distinctions a rule makes (controlled or not, mild or severe…).
 */
const CONDITION_QUESTIONS: Readonly<Record<HealthConditionCode, ConditionQuestion>> = {
  dvt: ask('required', [], TREATMENT),
  thrombophlebitis: ask('required', [], TREATMENT),
  cancer: ask('optional', ['active-treatment'], TREATMENT),
  'lymph-nodes-removed-or-irradiated': ask('required', [], TREATMENT),
  'radiation-field': ask('required', [], TREATMENT),
  'bone-metastasis': ask('required'),
  osteoporosis: ask('optional'),
  osteopenia: ask('optional'),
  hypertension: ask('optional', ['controlled', 'uncontrolled']),
  diabetes: ask('optional', ['numbness', 'foot-sores', 'complications']),
  'contagious-skin-condition': ask('optional', ['covered', 'widespread'], ONSET),
  'open-wound': ask('required', ['covered', 'widespread'], ONSET),
  cellulitis: ask('optional', ['covered', 'widespread'], ONSET),
  'varicose-veins': ask('required', ['mild', 'severe']),
  'acute-inflammation': ask('required', ['subacute'], ONSET),
  'rheumatoid-arthritis': ask('optional', ['in-flare']),
  lupus: ask('optional', ['in-flare']),
  'undiagnosed-lump': ask('required', [], ONSET),
  'unexplained-pain': ask('optional', [], ONSET),
  epilepsy: ask('optional', ['controlled', 'uncontrolled']),
  'cardiovascular-disease': ask('optional'),
  other: ask('optional', [], ONSET),
};

/** The current intake form (v2): every question the rule table reasons over. */
export const INTAKE_FORM_2026_11: IntakeFormDefinition = {
  version: 'intake-2026-11',
  status: 'current',
  publishedOn: '2026-11-01',
  answers: 'health-answers-v2',
  consentTextVersions: ['consent-2026-11'],
  conditionQuestions: CONDITION_QUESTIONS,
  questions: [
    {
      field: 'answers.conditions',
      asks: 'Do you have, or have you had, any of these conditions? Where, since when, treated when?',
      required: true,
      codes: HEALTH_CONDITION_CODES,
      // The DVT questions: for a DVT, and for an anticoagulant and a recent surgery too (screening-rules.md).
      reAsk: { everyVisitFor: ['DVT_ACT', 'DVT_HX', 'ANTICOAG', 'SURG'] },
      feeds: ['DVT_ACT', 'DVT_HX', 'ONC_TX', 'ONC_LN', 'ONC_RAD', 'ONC_BONE', 'OSTEO', 'HTN', 'DM', 'SKIN', 'VARIC', 'INFLAM', 'RA_FLARE', 'UNDX'],
    },
    {
      field: 'answers.medications',
      asks: 'Which medications do you take (blood thinners, insulin, blood-pressure tablets, steroids, chemotherapy…)?',
      required: true,
      codes: MEDICATION_CLASSES,
      reAsk: { everyVisitFor: ['DVT_HX', 'ANTICOAG'] },
      feeds: ['ANTICOAG', 'DVT_HX', 'HTN', 'DM', 'ONC_TX'],
    },
    {
      field: 'answers.surgeries',
      asks: 'Surgery in the last months? When, and where on the body?',
      required: true,
      codes: BODY_REGIONS,
      reAsk: { everyVisitFor: ['SURG'] },
      feeds: ['SURG'],
    },
    {
      field: 'answers.fractures',
      asks: 'A broken bone or a cast recently? When, where, has it healed?',
      required: true,
      codes: BODY_REGIONS,
      reAsk: 'if-changed',
      feeds: ['FRACT', 'OSTEO'],
    },
    {
      field: 'answers.devices',
      asks: 'Any implanted or attached device (pacemaker, port, pump, stimulator, new joint)? Which, where, placed when?',
      required: true,
      codes: DEVICE_KINDS,
      reAsk: 'if-changed',
      feeds: ['IMPLANT', 'ONC_PORT', 'DM'],
    },
    {
      field: 'answers.pregnancy',
      asks: 'Are you pregnant? How many weeks? Pre-eclampsia, bleeding or placenta problems?',
      required: false,
      codes: PREGNANCY_RISK_FACTORS,
      reAsk: { everyVisitFor: ['PREG', 'PREG_HR'] },
      feeds: ['PREG', 'PREG_HR'],
    },
    {
      field: 'answers.symptomsToday',
      asks: 'Today or in the last 48 hours: fever, flu or cold, a leg swollen, warm or painful, headache, dizziness, bleeding…?',
      required: true,
      codes: SYMPTOMS_TODAY,
      reAsk: 'every-visit',
      feeds: ['FEVER', 'DVT_ACT', 'HTN', 'PREG_HR', 'ANTICOAG'],
    },
    {
      field: 'answers.painAreas',
      asks: 'Where does it hurt, and how much (0–10)?',
      required: true,
      codes: BODY_REGIONS,
      reAsk: 'every-visit',
      feeds: [],
    },
    {
      field: 'answers.pressurePreference',
      asks: 'Which pressure do you prefer (P1 light lotioning … P5 deepest)?',
      required: true,
      codes: PRESSURE_LEVELS,
      reAsk: 'every-visit',
      feeds: [],
    },
    { field: 'goals', asks: 'What would you like the treatment to achieve?', required: true, reAsk: 'if-changed', feeds: [] },
    { field: 'consent', asks: 'Consent to treatment, signed against the consent text shown.', required: true, reAsk: 'if-changed', feeds: [] },
  ],
};
