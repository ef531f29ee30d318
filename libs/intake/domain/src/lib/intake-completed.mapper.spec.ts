import { assertPayload, IntakeCompleted, IntakeCompletedV2Event } from '@massage/contracts';
import { toIntakeCompletedPayload, toIntakeCompletedV2Payload } from './intake-completed.mapper';
import type { CompletedIntake } from './intake-submission';

const intake = (): CompletedIntake => ({
  id: '7d7a0c52-6a43-4c3e-9d0b-2b6f1f2f6a11',
  clientId: '0b5f7c1e-2f61-4c1b-9a55-0c3b1e1d2a22',
  locationId: 'downtown-toronto',
  formVersion: 'intake-2026-11',
  kind: 'full',
  previousIntakeId: null,
  submittedAt: '2026-11-27T12:00:00.000Z',
  answers: {
    conditions: [
      { code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2026-03-01', note: 'SECRET-NOTE' },
      { code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] },
      { code: 'lupus', regions: [], qualifiers: [] },
    ],
    surgeries: [
      { on: '2026-10-01', sites: ['right-knee'], note: 'SECRET-SURGERY' },
      { on: '2019-01-01', sites: ['abdomen'] },
    ],
    fractures: [{ on: '2025-01-01', sites: ['left-hand'], healed: true }],
    devices: [{ kind: 'port', sites: ['chest'], placedOn: '2026-06-01' }],
    pregnancy: { weeks: 20, riskFactors: ['pre-eclampsia'] },
    medications: [
      { class: 'antiplatelet', name: 'SECRET-MED-1' },
      { class: 'anticoagulant', name: 'SECRET-MED-2' },
      { class: 'insulin' },
    ],
    symptomsToday: ['fever-last-48h', 'headache'],
    painAreas: [{ region: 'lower-back', rating: 7 }],
    pressurePreference: 'P2',
  },
  goals: ['SECRET-GOAL-1', 'SECRET-GOAL-2'],
  consent: {
    given: true,
    textVersion: 'consent-2026-11',
    textHash: 'a'.repeat(64),
    signedName: 'SECRET-NAME',
    signedAt: '2026-11-27T11:58:00.000Z',
    validUntil: '2027-11-27T11:58:00.000Z',
  },
});

describe('IntakeCompleted v2 payload', () => {
  const payload = toIntakeCompletedV2Payload(intake());

  it('is schema-valid and carries the coded answers', () => {
    expect(() => assertPayload(IntakeCompletedV2Event, payload)).not.toThrow();
    expect(payload).toMatchObject({
      kind: 'full',
      previousIntakeId: null,
      consentTextVersion: 'consent-2026-11',
      consentValidUntil: '2027-11-27T11:58:00.000Z',
      conditions: [
        { code: 'dvt', regions: ['left-calf'], qualifiers: [] },
        { code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] },
        { code: 'lupus', regions: [], qualifiers: [] },
      ],
      medicationClasses: ['antiplatelet', 'anticoagulant', 'insulin'],
      pregnancy: { weeks: 20, riskFactors: ['pre-eclampsia'] },
      devices: [{ kind: 'port', sites: ['chest'] }],
      pressurePreference: 'P2',
    });
    expect(() => assertPayload(IntakeCompletedV2Event, { ...payload, pregnancy: null, previousIntakeId: intake().id })).not.toThrow();
    expect(() => assertPayload(IntakeCompletedV2Event, { ...payload, pressurePreference: 'medium' })).toThrow();
  });

  it('carries no free text and no names', () => {
    expect(JSON.stringify(payload)).not.toContain('SECRET');
  });
});

describe('IntakeCompleted v1 payload of a v2 intake (deprecated)', () => {
  const payload = toIntakeCompletedPayload(intake());

  it('maps each answer to v1’s closest code and stays schema-valid', () => {
    expect(() => assertPayload(IntakeCompleted, payload)).not.toThrow();
    expect(payload).toEqual({
      intakeId: intake().id,
      clientId: intake().clientId,
      locationId: 'downtown-toronto',
      formVersion: 'intake-2026-11',
      completedAt: '2026-11-27T12:00:00.000Z',
      consentGivenAt: '2026-11-27T11:58:00.000Z',
      conditionCodes: ['fever', 'suspected-dvt', 'uncontrolled-hypertension', 'other', 'recent-surgery', 'pregnancy', 'pregnancy-complications'],
      medicationCodes: ['anticoagulant', 'other'],
      recentInjuryOrSurgery: true,
      painReports: [{ region: 'lower-back', rating: 7 }],
      pressurePreference: 'light',
      goalCount: 2,
    });
    expect(JSON.stringify(payload)).not.toContain('SECRET');
  });

  it('a surgery or fracture older than 12 weeks is not recent', () => {
    const old = intake();
    old.answers.surgeries = [{ on: '2026-09-03', sites: ['neck'] }];
    expect(toIntakeCompletedPayload(old).recentInjuryOrSurgery).toBe(false);
    old.answers.surgeries = [{ on: '2026-09-04', sites: ['neck'] }];
    expect(toIntakeCompletedPayload(old).recentInjuryOrSurgery).toBe(true);
  });
});
