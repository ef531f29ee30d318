import type { ConditionCode, ConditionQualifier, HealthConditionCode, PressurePreference, SymptomToday } from '@massage/contracts';
import { utcDate } from '../calendar';
import { CURRENT_INTAKE_FORM } from '../forms/form-registry';
import type { ConditionAnswer, HealthAnswers } from '../health-answers';
import type { HealthHistoryV1 } from './health-history-v1';
import { PRESSURE_LEVEL_OF_V1 } from './pressure-levels';

/** What one v1 condition code becomes on form v2. */
type V1ConditionMapping =
  | { condition: HealthConditionCode; qualifiers?: ConditionQualifier[]; symptom?: SymptomToday }
  | { symptom: SymptomToday }
  | { surgery: true }
  | { pregnancy: 'uncomplicated' | 'high-risk' };

/**
 * v1 condition codes on form v2, erring towards the more restrictive reading where v1 was vague:
 * a suspected DVT is a DVT with a swollen, painful leg today (DVT_ACT); fever and acute infection were
 * today's state (FEVER); a burn is an open wound (SKIN: avoid the site); a recent injury is acute local
 * inflammation (INFLAM); a recent bruise has no v2 code and stays as `other` with its note.
 */
export const V1_CONDITION_MAPPING: Readonly<Record<ConditionCode, V1ConditionMapping>> = {
  fever: { symptom: 'fever-last-48h' },
  'acute-infection': { symptom: 'flu-or-cold-last-48h' },
  'contagious-skin-condition': { condition: 'contagious-skin-condition' },
  'suspected-dvt': { condition: 'dvt', symptom: 'leg-swollen-warm-or-painful' },
  'varicose-veins': { condition: 'varicose-veins' },
  'recent-bruise': { condition: 'other' },
  burn: { condition: 'open-wound' },
  'open-wound': { condition: 'open-wound' },
  'recent-injury': { condition: 'acute-inflammation' },
  'recent-surgery': { surgery: true },
  pregnancy: { pregnancy: 'uncomplicated' },
  'pregnancy-complications': { pregnancy: 'high-risk' },
  'cancer-treatment': { condition: 'cancer', qualifiers: ['active-treatment'] },
  'cardiovascular-disease': { condition: 'cardiovascular-disease' },
  'uncontrolled-hypertension': { condition: 'hypertension', qualifiers: ['uncontrolled'] },
  osteoporosis: { condition: 'osteoporosis' },
  diabetes: { condition: 'diabetes' },
  epilepsy: { condition: 'epilepsy' },
  other: { condition: 'other' },
};

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const given = notes.filter((n): n is string => n !== undefined && n !== '');
  return given.length > 0 ? given.join('; ') : undefined;
}

/**
 * Form v1's answers on form v2, best effort (migration 1766000000000). What v1 never asked (a region, a
 * surgery's site, pregnancy weeks, a date it did not get) is a placeholder listed in `unanswered`.
 * The v1 injury-or-surgery answer becomes the surgery when v1 listed `recent-surgery`, else an acute
 * inflammation (an injury, the likelier reading) dated and described as the client did. `submittedAt`
 * dates a surgery v1 gave no date for (it was "recent" then).
 */
export function healthAnswersFromV1(history: HealthHistoryV1, pressure: PressurePreference, submittedAt: Date): HealthAnswers {
  const injury = history.recentInjuryOrSurgery;
  const injuryDate = injury.present ? injury.date : undefined;
  const injuryNote = injury.present ? injury.description : undefined;
  const codes = new Set(history.conditions.map((c) => c.code));
  const unanswered: string[] = [];
  const conditions: ConditionAnswer[] = [];
  const symptoms = new Set<SymptomToday>();
  const answers: HealthAnswers = {
    conditions,
    surgeries: [],
    fractures: [],
    devices: [],
    medications: history.medications.map((m) => ({ class: m.code, name: m.name })),
    symptomsToday: [],
    painAreas: history.painAreas.map((p) => ({ region: p.region, rating: p.rating })),
    pressurePreference: PRESSURE_LEVEL_OF_V1[pressure],
  };

  const addCondition = (code: HealthConditionCode, qualifiers: ConditionQualifier[], note: string | undefined, onsetOn?: string): void => {
    const same = code === 'other' ? undefined : conditions.find((c) => c.code === code);
    if (same) {
      const merged = joinNotes(same.note, note);
      if (merged !== undefined) same.note = merged;
      return;
    }
    conditions.push({ code, regions: [], qualifiers, ...(onsetOn ? { onsetOn } : {}), ...(note ? { note } : {}) });
  };

  for (const { code, note } of history.conditions) {
    const to = V1_CONDITION_MAPPING[code];
    if ('surgery' in to) {
      const surgeryNote = joinNotes(note, injuryNote);
      answers.surgeries.push({ on: injuryDate ?? utcDate(submittedAt), sites: [], ...(surgeryNote ? { note: surgeryNote } : {}) });
      const at = `surgeries.${answers.surgeries.length - 1}`;
      unanswered.push(`${at}.sites`, ...(injuryDate === undefined ? [`${at}.on`] : []));
    } else if ('pregnancy' in to) {
      if (!answers.pregnancy) {
        answers.pregnancy = { weeks: 0, riskFactors: [] };
        unanswered.push('pregnancy.weeks');
      }
      if (to.pregnancy === 'high-risk') answers.pregnancy.riskFactors = ['other-high-risk'];
    } else {
      if ('condition' in to) {
        const isInjury = code === 'recent-injury';
        addCondition(to.condition, to.qualifiers ?? [], isInjury ? joinNotes(note, codes.has('recent-surgery') ? undefined : injuryNote) : note, isInjury ? injuryDate : undefined);
      }
      if (to.symptom) symptoms.add(to.symptom);
    }
  }
  if (injury.present && !codes.has('recent-surgery') && !codes.has('recent-injury')) addCondition('acute-inflammation', [], injuryNote, injuryDate);

  answers.symptomsToday = [...symptoms];
  conditions.forEach((c, i) => {
    if (CURRENT_INTAKE_FORM.conditionQuestions?.[c.code].regions === 'required') unanswered.push(`conditions.${i}.regions`);
  });
  if (unanswered.length > 0) answers.unanswered = unanswered;
  return answers;
}
