import { findConsentText } from './consent/consent-texts';
import { checkIntakeSubmission, completeIntake, normalizeIntakeSubmission, type IntakeSubmission } from './intake-submission';

const now = new Date('2026-11-27T12:00:00Z');
const validSubmission = (): IntakeSubmission => ({
  formVersion: 'intake-2026-11',
  answers: {
    conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [], note: ' diagnosed 2019 ' }],
    surgeries: [],
    fractures: [],
    devices: [],
    medications: [{ class: 'anticoagulant', name: 'Warfarin 5mg' }],
    symptomsToday: [],
    painAreas: [{ region: 'lower-back', rating: 7 }],
    pressurePreference: 'P3',
  },
  goals: ['Sleep without back pain'],
  consent: { given: true, textVersion: 'consent-2026-11', signedName: ' Ada Lovelace ', signedAt: '2026-11-27T06:58:00-05:00' },
});
const fieldsOf = (s: IntakeSubmission, at = now) => checkIntakeSubmission(normalizeIntakeSubmission(s), at).map((v) => v.field);
const withConsent = (c: Partial<IntakeSubmission['consent']>): IntakeSubmission => ({ ...validSubmission(), consent: { ...validSubmission().consent, ...c } });

describe('intake submission (form v2)', () => {
  it('accepts a complete, signed submission', () => {
    expect(fieldsOf(validSubmission())).toEqual([]);
  });

  it('refuses an unknown or retired form version on its own, naming formVersion', () => {
    expect(fieldsOf({ ...validSubmission(), formVersion: 'intake-2030-01', goals: [] })).toEqual(['formVersion']);
    expect(fieldsOf({ ...validSubmission(), formVersion: '2026.1' })).toEqual(['formVersion']);
  });

  it('names answer fields under answers.', () => {
    const s = validSubmission();
    s.answers.painAreas = [{ region: 'neck', rating: 11 }];
    expect(fieldsOf(s)).toEqual(['answers.painAreas.0.rating']);
  });

  it('needs 1–10 non-blank goals', () => {
    expect(fieldsOf({ ...validSubmission(), goals: [] })).toEqual(['goals']);
    expect(fieldsOf({ ...validSubmission(), goals: ['  '] })).toEqual(['goals.0']);
  });

  it('consent: given, against the form’s consent text, not in the future, not lapsed', () => {
    expect(fieldsOf(withConsent({ given: false }))).toEqual(['consent.given']);
    expect(fieldsOf(withConsent({ textVersion: 'consent-1999' }))).toEqual(['consent.textVersion']);
    expect(fieldsOf(withConsent({ signedAt: '2026-11-27T13:00:00Z' }))).toEqual(['consent.signedAt']);
    expect(fieldsOf(withConsent({ signedAt: '2026-11-27T11:00:00' }))).toEqual(['consent.signedAt']);
    expect(fieldsOf(withConsent({ signedAt: '2025-11-27T11:59:59Z' }))).toEqual(['consent.signedAt']);
    expect(fieldsOf(withConsent({ signedAt: '2025-11-27T12:00:01Z' }))).toEqual([]);
  });

  it('completes a full intake pinned to its form and consent text, valid for a year', () => {
    const intake = completeIntake(normalizeIntakeSubmission(validSubmission()), { id: 'i', clientId: 'c', locationId: 'downtown', previousIntakeId: 'p' }, now);
    expect(intake).toMatchObject({
      formVersion: 'intake-2026-11',
      kind: 'full',
      previousIntakeId: 'p',
      submittedAt: '2026-11-27T12:00:00.000Z',
      consent: {
        given: true,
        textVersion: 'consent-2026-11',
        textHash: findConsentText('consent-2026-11')?.hash,
        signedName: 'Ada Lovelace',
        signedAt: '2026-11-27T11:58:00.000Z',
        validUntil: '2027-11-27T11:58:00.000Z',
      },
    });
    expect(intake.answers.conditions[0]?.note).toBe('diagnosed 2019');
    expect(() => completeIntake(withConsent({ given: false }), { id: 'i', clientId: 'c', locationId: 'l', previousIntakeId: null }, now)).toThrow();
  });
});
