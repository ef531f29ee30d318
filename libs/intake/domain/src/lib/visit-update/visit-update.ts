import type { PressureLevel, SymptomToday } from '@massage/contracts';
import type { ConditionAnswer, DeviceAnswer, FractureAnswer, HealthAnswers, MedicationAnswer, PainAnswer, PregnancyAnswer, SurgeryAnswer } from '../health-answers';
import { isConsentValid } from '../consent/consent-validity';
import type { FormQuestion, IntakeFormDefinition } from '../forms/form-definition';
import { findIntakeForm } from '../forms/form-registry';
import { checkHealthAnswers, normalizeHealthAnswers } from '../forms/health-answers.rules';
import { INTAKE_RULES } from '../intake-rules';
import type { CompletedIntake } from '../intake-submission';
import type { RuleViolation } from '../violation';

/**
 * "Anything changed?" before a visit (issue 7): a short update against the client's last intake. Today's
 * symptoms are always answered; a section given replaces the last answer to it; with `changed: false` the
 * client confirms everything else still holds. The sections the form re-asks (`everyVisitFor`) for a rule the
 * last screening lists in `reAskEveryVisit` (a DVT history, an anticoagulant, a pregnancy, a recent surgery)
 * must be answered again every time.
 */
export interface VisitUpdateAnswers {
  symptomsToday: SymptomToday[];
  conditions?: ConditionAnswer[];
  surgeries?: SurgeryAnswer[];
  fractures?: FractureAnswer[];
  devices?: DeviceAnswer[];
  /** `null`: no longer pregnant (absent: not answered, the last answer holds). */
  pregnancy?: PregnancyAnswer | null;
  medications?: MedicationAnswer[];
  painAreas?: PainAnswer[];
  pressurePreference?: PressureLevel;
}

export interface VisitUpdateSubmission {
  /** Whether anything changed since the last intake; `false` keeps every answer not re-asked. */
  changed: boolean;
  answers: VisitUpdateAnswers;
  /** New treatment goals; the last ones hold when absent. */
  goals?: string[];
}

/** A section of the health answers that an update can answer again. */
export type AnswerSection = Exclude<keyof VisitUpdateAnswers, 'symptomsToday'>;
const SECTIONS: readonly AnswerSection[] = ['conditions', 'surgeries', 'fractures', 'devices', 'pregnancy', 'medications', 'painAreas', 'pressurePreference'];

const sectionOf = (q: FormQuestion) => q.field.replace(/^answers\./, '');
/** The rules a question is re-asked for at every visit (its `reAsk: { everyVisitFor }`). */
const reAskedFor = (q: FormQuestion): readonly string[] => (typeof q.reAsk === 'object' ? q.reAsk.everyVisitFor : []);

/**
 * The sections `form` re-asks for the given rules (its questions' `reAsk: { everyVisitFor }`): what a visit update
 * must answer again for the rules the last screening re-asks (DVT_HX → conditions and medications; ANTICOAG →
 * the DVT questions (conditions) and medications; SURG → the DVT questions and surgeries; PREG → pregnancy).
 */
export function reAskedSections(rules: readonly string[], form: IntakeFormDefinition): AnswerSection[] {
  const asked = new Set(form.questions.filter((q) => reAskedFor(q).some((rule) => rules.includes(rule))).map(sectionOf));
  return SECTIONS.filter((s) => asked.has(s));
}

/** The sections `form` asks before every visit anyway (`every-visit`): answering them again is never a "change". */
function everyVisitSections(form: IntakeFormDefinition): AnswerSection[] {
  const asked = new Set(form.questions.filter((q) => q.reAsk === 'every-visit').map(sectionOf));
  return SECTIONS.filter((s) => asked.has(s));
}

/**
 * The rules of a rule table that a visit update on `form` could not re-ask: re-asked every visit, yet named by no
 * question's `reAsk: { everyVisitFor }` and fed by no question asked at every visit anyway (today's symptoms feed
 * FEVER), so such a rule would be asked nothing. Each names `rules.<i>.reAskEveryVisit`; a publication with one is
 * refused until the form re-asks a question for the rule.
 */
export function unaskableReAskRules(rules: readonly { code: string; reAskEveryVisit: boolean }[], form: IntakeFormDefinition): RuleViolation[] {
  const asked = (code: string) => form.questions.some((q) => reAskedFor(q).includes(code) || (q.reAsk === 'every-visit' && q.feeds.includes(code)));
  return rules.flatMap((rule, i): RuleViolation[] =>
    rule.reAskEveryVisit && !asked(rule.code)
      ? [{ field: `rules.${i}.reAskEveryVisit`, reason: `no question of form ${form.version} is re-asked for ${rule.code}: a visit update could not re-ask it` }]
      : [],
  );
}

/**
 * Why no update can be taken against `last` at `now` (a state, not a bad request: the client must sign a full
 * intake): its consent has lapsed, or its form is no longer current (its answers cannot be carried over).
 */
export function visitUpdateConflict(last: CompletedIntake, now: Date): RuleViolation | undefined {
  if (!isConsentValid(new Date(last.consent.validUntil), now)) {
    return { field: 'consent', reason: `the consent signed ${last.consent.signedAt} lapsed ${last.consent.validUntil}: the client must sign a full intake` };
  }
  const form = findIntakeForm(last.formVersion);
  if (form?.status !== 'current' || form.answers !== 'health-answers-v2') {
    return { field: 'formVersion', reason: `the last intake is on form ${last.formVersion}, which is no longer current: the client must fill in a full intake` };
  }
  return undefined;
}

/** The last answers with the update's sections in place of the old ones (a v1 migration's placeholders never carry over). */
export function mergeVisitUpdate(last: HealthAnswers, update: VisitUpdateAnswers): HealthAnswers {
  const pregnancy = update.pregnancy === undefined ? last.pregnancy : (update.pregnancy ?? undefined);
  return normalizeHealthAnswers({
    conditions: update.conditions ?? last.conditions,
    surgeries: update.surgeries ?? last.surgeries,
    fractures: update.fractures ?? last.fractures,
    devices: update.devices ?? last.devices,
    ...(pregnancy !== undefined ? { pregnancy } : {}),
    medications: update.medications ?? last.medications,
    symptomsToday: update.symptomsToday,
    painAreas: update.painAreas ?? last.painAreas,
    pressurePreference: update.pressurePreference ?? last.pressurePreference,
  });
}

/**
 * The rules of an update against `last` (whose conflicts `visitUpdateConflict` has cleared): every re-asked
 * section answered, nothing but re-asked and every-visit sections when `changed` is false, and the merged answers
 * valid on the last intake's form (so each violation names the update's own field, `answers.medications.0.class`).
 */
export function checkVisitUpdate(update: VisitUpdateSubmission, last: CompletedIntake, reAskRules: readonly string[], now: Date): RuleViolation[] {
  const form = findIntakeForm(last.formVersion);
  if (!form) return [{ field: 'formVersion', reason: `unknown form version ${last.formVersion}` }];
  const v: RuleViolation[] = [];
  const reAsked = reAskedSections(reAskRules, form);
  for (const section of reAsked) {
    if (update.answers[section] === undefined) {
      const rules = reAskRules.filter((rule) => form.questions.some((q) => sectionOf(q) === section && reAskedFor(q).includes(rule)));
      v.push({ field: `answers.${section}`, reason: `must be answered again at every visit (rule ${rules.join(', ')}); give the current answer, even if unchanged` });
    }
  }
  if (!update.changed) {
    const everyVisit = everyVisitSections(form);
    for (const section of SECTIONS) {
      if (update.answers[section] !== undefined && !reAsked.includes(section) && !everyVisit.includes(section)) {
        v.push({ field: `answers.${section}`, reason: 'a changed answer needs changed: true' });
      }
    }
    if (update.goals !== undefined) v.push({ field: 'goals', reason: 'new goals need changed: true' });
  }
  const r = INTAKE_RULES;
  if (update.goals !== undefined) {
    if (update.goals.length < r.goalsMin || update.goals.length > r.goalsMax) v.push({ field: 'goals', reason: `goals must have ${r.goalsMin}–${r.goalsMax} entries` });
    update.goals.forEach((g, i) => {
      const t = g.trim();
      if (t.length < r.goalMinLength || t.length > r.goalMaxLength) v.push({ field: `goals.${i}`, reason: `each goal must be ${r.goalMinLength}–${r.goalMaxLength} characters, not blank` });
    });
  }
  if (v.length > 0) return v;
  return checkHealthAnswers(mergeVisitUpdate(last.answers, update.answers), now, { form });
}

/** The new intake version an update makes: the merged answers, the last consent (still valid), kind `visit-update`. */
export function completeVisitUpdate(update: VisitUpdateSubmission, last: CompletedIntake, id: string, submittedAt: Date): CompletedIntake {
  return {
    id,
    clientId: last.clientId,
    locationId: last.locationId,
    formVersion: last.formVersion,
    kind: 'visit-update',
    previousIntakeId: last.id,
    submittedAt: submittedAt.toISOString(),
    answers: mergeVisitUpdate(last.answers, update.answers),
    goals: update.goals?.map((g) => g.trim()) ?? last.goals,
    consent: last.consent,
  };
}
