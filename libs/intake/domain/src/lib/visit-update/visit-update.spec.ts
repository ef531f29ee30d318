import type { CompletedIntake } from '../intake-submission';
import { CURRENT_INTAKE_FORM } from '../forms/form-registry';
import { checkVisitUpdate, completeVisitUpdate, mergeVisitUpdate, reAskedSections, unaskableReAskRules, visitUpdateConflict, type VisitUpdateSubmission } from './visit-update';

const NOW = new Date('2026-11-30T10:00:00Z');

const last: CompletedIntake = {
  id: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown-toronto',
  formVersion: CURRENT_INTAKE_FORM.version,
  kind: 'full',
  previousIntakeId: null,
  submittedAt: '2026-11-01T10:00:00.000Z',
  answers: {
    conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2025-01-10', treatmentEndedOn: '2025-04-10' }],
    surgeries: [],
    fractures: [],
    devices: [],
    pregnancy: { weeks: 20, riskFactors: [] },
    medications: [{ class: 'anticoagulant', name: 'warfarin' }],
    symptomsToday: ['headache'],
    painAreas: [{ region: 'neck', rating: 4 }],
    pressurePreference: 'P3',
  },
  goals: ['less neck pain'],
  consent: { given: true, textVersion: 'consent-2026-11', textHash: 'a'.repeat(64), signedName: 'Ada Lovelace', signedAt: '2026-11-01T09:59:00.000Z', validUntil: '2027-11-01T09:59:00.000Z' },
};

const fields = (update: VisitUpdateSubmission, rules: string[] = []): string[] => checkVisitUpdate(update, last, rules, NOW).map((v) => v.field);

describe('visit update ("anything changed?")', () => {
  it('a rule re-asked every visit must be declared by a question of the form, else it names rules.<i>.reAskEveryVisit', () => {
    const rules = [
      { code: 'DVT_HX', reAskEveryVisit: true },
      { code: 'DVT_NEW', reAskEveryVisit: true },
      { code: 'NOT_ASKED', reAskEveryVisit: false },
      { code: 'FEVER', reAskEveryVisit: true },
    ];
    expect(unaskableReAskRules(rules, CURRENT_INTAKE_FORM)).toEqual([
      { field: 'rules.1.reAskEveryVisit', reason: `no question of form ${CURRENT_INTAKE_FORM.version} is re-asked for DVT_NEW: a visit update could not re-ask it` },
    ]);
  });

  it('re-asks the sections the form declares for the rules the last screening re-asks', () => {
    expect(reAskedSections(['DVT_HX'], CURRENT_INTAKE_FORM)).toEqual(['conditions', 'medications']);
    expect(reAskedSections(['PREG'], CURRENT_INTAKE_FORM)).toEqual(['pregnancy']);
    expect(reAskedSections([], CURRENT_INTAKE_FORM)).toEqual([]);
  });

  it('asks the DVT questions (the conditions section) again for an anticoagulant and for a recent surgery', () => {
    expect(reAskedSections(['ANTICOAG'], CURRENT_INTAKE_FORM)).toEqual(['conditions', 'medications']);
    expect(reAskedSections(['SURG'], CURRENT_INTAKE_FORM)).toEqual(['conditions', 'surgeries']);
    const withoutConditions = { ANTICOAG: { medications: [] }, SURG: { surgeries: [] } };
    for (const [rule, answers] of Object.entries(withoutConditions)) {
      const violations = checkVisitUpdate({ changed: false, answers: { symptomsToday: [], ...answers } }, last, [rule], NOW);
      expect(violations).toEqual([{ field: 'answers.conditions', reason: `must be answered again at every visit (rule ${rule}); give the current answer, even if unchanged` }]);
    }
    expect(fields({ changed: false, answers: { symptomsToday: [], conditions: last.answers.conditions, surgeries: [] } }, ['SURG'])).toEqual([]);
  });

  it('with nothing changed, copies the last answers and takes only today\'s symptoms', () => {
    const update: VisitUpdateSubmission = { changed: false, answers: { symptomsToday: [] } };
    expect(fields(update)).toEqual([]);
    const next = completeVisitUpdate(update, last, 'c0ffee00-0000-4000-8000-000000000001', NOW);
    expect(next).toMatchObject({ kind: 'visit-update', previousIntakeId: last.id, formVersion: last.formVersion, consent: last.consent, goals: last.goals });
    expect(next.answers).toEqual({ ...last.answers, symptomsToday: [] });
  });

  it('refuses a re-asked section left out, naming it and its rule', () => {
    const violations = checkVisitUpdate({ changed: false, answers: { symptomsToday: [] } }, last, ['DVT_HX', 'PREG'], NOW);
    expect(violations.map((v) => v.field)).toEqual(['answers.conditions', 'answers.pregnancy', 'answers.medications']);
    expect(violations[0]?.reason).toContain('DVT_HX');
  });

  it('takes the re-asked sections even when nothing else changed; null pregnancy means no longer pregnant', () => {
    const update: VisitUpdateSubmission = { changed: false, answers: { symptomsToday: [], pregnancy: null, medications: [], conditions: last.answers.conditions } };
    expect(fields(update, ['ANTICOAG', 'PREG'])).toEqual([]);
    const merged = mergeVisitUpdate(last.answers, update.answers);
    expect(merged.pregnancy).toBeUndefined();
    expect(merged.medications).toEqual([]);
    expect(merged.conditions).toEqual(last.answers.conditions);
  });

  it('replaces changed sections, and refuses them without changed: true', () => {
    const surgeries = [{ on: '2026-11-20', sites: ['right-knee' as const] }];
    expect(fields({ changed: false, answers: { symptomsToday: [], surgeries } })).toEqual(['answers.surgeries']);
    expect(fields({ changed: false, answers: { symptomsToday: [] }, goals: ['walk'] })).toEqual(['goals']);
    const update: VisitUpdateSubmission = { changed: true, answers: { symptomsToday: ['fever-last-48h'], surgeries }, goals: [' walk again '] };
    expect(fields(update)).toEqual([]);
    const next = completeVisitUpdate(update, last, 'c0ffee00-0000-4000-8000-000000000002', NOW);
    expect(next.answers.surgeries).toEqual(surgeries);
    expect(next.answers.symptomsToday).toEqual(['fever-last-48h']);
    expect(next.goals).toEqual(['walk again']);
  });

  it('checks the merged answers on the last intake\'s form, naming the update\'s field', () => {
    expect(fields({ changed: true, answers: { symptomsToday: [], surgeries: [{ on: '2026-12-31', sites: ['right-knee'] }] } })).toContain('answers.surgeries.0.on');
    expect(fields({ changed: false, answers: { symptomsToday: [], painAreas: [{ region: 'neck', rating: 11 }] } })).toContain('answers.painAreas.0.rating');
  });

  it('is a conflict once the consent has lapsed, or when the last form is not current', () => {
    expect(visitUpdateConflict(last, NOW)).toBeUndefined();
    expect(visitUpdateConflict(last, new Date('2027-11-01T09:59:00.000Z'))?.field).toBe('consent');
    expect(visitUpdateConflict({ ...last, formVersion: '2026.1' }, NOW)?.field).toBe('formVersion');
  });
});
