import { assertPayload, IntakeCompleted } from '@massage/contracts';
import { toIntakeCompletedPayload } from './intake-completed.mapper';
import type { CompletedIntake } from './intake-submission';

const intake: CompletedIntake = {
  id: '7d7a0c52-6a43-4c3e-9d0b-2b6f1f2f6a11',
  clientId: '0b5f7c1e-2f61-4c1b-9a55-0c3b1e1d2a22',
  locationId: 'downtown-toronto',
  formVersion: '2025.1',
  submittedAt: '2026-03-01T12:00:00.000Z',
  conditions: [{ code: 'osteoporosis', note: 'SECRET-NOTE' }, { code: 'diabetes' }],
  medications: [
    { code: 'analgesic', name: 'SECRET-MED-1' },
    { code: 'analgesic', name: 'SECRET-MED-2' },
  ],
  recentInjuryOrSurgery: { present: true, description: 'SECRET-INJURY', date: '2026-01-15' },
  painAreas: [{ region: 'lower-back', rating: 7 }],
  goals: ['SECRET-GOAL-1', 'SECRET-GOAL-2'],
  pressurePreference: 'firm',
  consent: { given: true, signedName: 'SECRET-NAME', signedAt: '2026-03-01T11:58:00.000Z' },
};

describe('toIntakeCompletedPayload', () => {
  const payload = toIntakeCompletedPayload(intake);

  it('maps to a schema-valid IntakeCompletedV1', () => {
    expect(() => assertPayload(IntakeCompleted, payload)).not.toThrow();
    expect(payload).toEqual({
      intakeId: intake.id,
      clientId: intake.clientId,
      locationId: 'downtown-toronto',
      formVersion: '2025.1',
      completedAt: '2026-03-01T12:00:00.000Z',
      consentGivenAt: '2026-03-01T11:58:00.000Z',
      conditionCodes: ['osteoporosis', 'diabetes'],
      medicationCodes: ['analgesic'],
      recentInjuryOrSurgery: true,
      painReports: [{ region: 'lower-back', rating: 7 }],
      pressurePreference: 'firm',
      goalCount: 2,
    });
  });

  it('carries no free text and no names', () => {
    expect(JSON.stringify(payload)).not.toContain('SECRET');
  });
});
