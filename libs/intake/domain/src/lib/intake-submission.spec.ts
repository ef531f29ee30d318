import { checkIntakeSubmission, completeIntake, healthHistoryOf, normalizeIntakeSubmission, type IntakeSubmission } from './intake-submission';

const now = new Date('2026-03-01T12:00:00Z');
const validSubmission: IntakeSubmission = {
  formVersion: '2025.1',
  conditions: [{ code: 'osteoporosis', note: 'diagnosed 2019' }, { code: 'diabetes' }],
  medications: [{ code: 'anticoagulant', name: 'Warfarin 5mg' }],
  recentInjuryOrSurgery: { present: true, description: 'Sprained left ankle', date: '2026-01-15' },
  painAreas: [
    { region: 'lower-back', rating: 7 },
    { region: 'neck', rating: 0 },
  ],
  goals: ['Sleep without back pain', 'Turn head fully'],
  pressurePreference: 'medium',
  consent: { given: true, signedName: 'Ada Lovelace', signedAt: '2026-03-01T06:58:00-05:00' },
};
const fieldsOf = (s: IntakeSubmission) => checkIntakeSubmission(normalizeIntakeSubmission(s), now).map((v) => v.field);

describe('intake submission', () => {
  it('accepts a complete, signed submission', () => {
    expect(fieldsOf(validSubmission)).toEqual([]);
  });

  it('refuses an intake without consent', () => {
    expect(fieldsOf({ ...validSubmission, consent: { ...validSubmission.consent, given: false } })).toEqual(['consent.given']);
  });

  it('refuses pain ratings outside 0–10 or not integers, and repeated regions', () => {
    expect(fieldsOf({ ...validSubmission, painAreas: [{ region: 'neck', rating: 11 }] })).toEqual(['painAreas.0.rating']);
    expect(fieldsOf({ ...validSubmission, painAreas: [{ region: 'neck', rating: 2.5 }] })).toEqual(['painAreas.0.rating']);
    expect(
      fieldsOf({
        ...validSubmission,
        painAreas: [
          { region: 'neck', rating: 1 },
          { region: 'neck', rating: 2 },
        ],
      }),
    ).toEqual(['painAreas.1.region']);
  });

  it('refuses repeated condition codes and unknown codes', () => {
    expect(fieldsOf({ ...validSubmission, conditions: [{ code: 'diabetes' }, { code: 'diabetes' }] })).toEqual(['conditions.1.code']);
    expect(fieldsOf({ ...validSubmission, medications: [{ code: 'aspirin' as never, name: 'Aspirin' }] })).toEqual(['medications.0.code']);
  });

  it('needs 1–10 non-blank goals', () => {
    expect(fieldsOf({ ...validSubmission, goals: [] })).toEqual(['goals']);
    expect(fieldsOf({ ...validSubmission, goals: Array.from({ length: 11 }, (_, i) => `goal ${i}`) })).toEqual(['goals']);
    expect(fieldsOf({ ...validSubmission, goals: ['  '] })).toEqual(['goals.0']);
  });

  it('describes a recent injury when there is one, and nothing when there is none', () => {
    expect(fieldsOf({ ...validSubmission, recentInjuryOrSurgery: { present: true } })).toEqual(['recentInjuryOrSurgery.description']);
    expect(fieldsOf({ ...validSubmission, recentInjuryOrSurgery: { present: false, description: 'x' } })).toEqual(['recentInjuryOrSurgery.description']);
    expect(fieldsOf({ ...validSubmission, recentInjuryOrSurgery: { present: true, description: 'x', date: '2027-01-01' } })).toEqual(['recentInjuryOrSurgery.date']);
    expect(fieldsOf({ ...validSubmission, recentInjuryOrSurgery: { present: false } })).toEqual([]);
  });

  it('refuses a signature in the future or without offset', () => {
    expect(fieldsOf({ ...validSubmission, consent: { ...validSubmission.consent, signedAt: '2026-03-01T13:00:00Z' } })).toEqual(['consent.signedAt']);
    expect(fieldsOf({ ...validSubmission, consent: { ...validSubmission.consent, signedAt: '2026-03-01T11:00:00' } })).toEqual(['consent.signedAt']);
  });

  it('completes an intake pinned to its form version, with the signature in UTC', () => {
    const intake = completeIntake(normalizeIntakeSubmission(validSubmission), { id: 'i', clientId: 'c', locationId: 'downtown' }, now);
    expect(intake).toMatchObject({ formVersion: '2025.1', submittedAt: '2026-03-01T12:00:00.000Z', consent: { given: true, signedAt: '2026-03-01T11:58:00.000Z' } });
    expect(Object.keys(healthHistoryOf(intake)).sort()).toEqual(['conditions', 'medications', 'painAreas', 'recentInjuryOrSurgery']);
    expect(() => completeIntake({ ...validSubmission, consent: { ...validSubmission.consent, given: false } }, { id: 'i', clientId: 'c', locationId: 'l' }, now)).toThrow();
  });
});
