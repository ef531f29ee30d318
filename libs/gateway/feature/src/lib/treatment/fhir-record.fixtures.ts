import type { Bundle, Resource } from '@medplum/fhirtypes';

/*
 * The two parts of a client's FHIR record as intake and treatment answer them (shortened, same shapes), for the
 * merge's and the route's specs.
 */

export const FHIR_CLIENT = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
export const FHIR_BASE = 'https://massage.example/fhir';
const THERAPIST = '3b1d5f7a-2c4e-4a6b-8d0f-1e3a5c7e9b2d';
const APPOINTMENT = '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e';
const INTAKE = '5e5e5e5e-0000-4000-8000-000000000001';
const patient = { reference: `Patient/${FHIR_CLIENT}` };

const bundleOf = (resources: Resource[], timestamp: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'collection',
  timestamp,
  entry: resources.map((resource) => ({ fullUrl: `${FHIR_BASE}/${resource.resourceType}/${resource.id as string}`, resource })),
});

/** Treatment's part: a Patient with ids only, the therapist, a plan and a session with its pain before treatment. */
export function treatmentPart(clientId = FHIR_CLIENT): Bundle {
  return bundleOf(
    [
      { resourceType: 'Patient', id: clientId, identifier: [{ system: `${FHIR_BASE}/sid/client`, value: clientId }] },
      { resourceType: 'Practitioner', id: THERAPIST, identifier: [{ system: `${FHIR_BASE}/sid/therapist`, value: THERAPIST }] },
      { resourceType: 'CarePlan', id: '1e3c5a7b-9d0f-4b2d-8f4a-6c8e0a2b4d6f', status: 'active', intent: 'plan', subject: patient },
      {
        resourceType: 'Encounter',
        id: APPOINTMENT,
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
        subject: patient,
        participant: [{ individual: { reference: `Practitioner/${THERAPIST}` } }],
        period: { start: '2026-03-03T15:00:00.000Z', end: '2026-03-03T16:00:00.000Z' },
      },
      {
        resourceType: 'Observation',
        id: `${APPOINTMENT}-pain-1-before`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' }] },
        subject: patient,
        encounter: { reference: `Encounter/${APPOINTMENT}` },
        effectiveDateTime: '2026-03-03T15:00:00.000Z',
        valueInteger: 6,
      },
    ],
    '2026-03-20T12:00:00.000Z',
  );
}

/** Intake's part: the Patient as registered and the intake's answers with the screening's codes. */
export function intakePart(clientId = FHIR_CLIENT): Bundle {
  return bundleOf(
    [
      {
        resourceType: 'Patient',
        id: clientId,
        identifier: [{ system: `${FHIR_BASE}/sid/client`, value: clientId }],
        name: [{ use: 'official', family: 'Okafor', given: ['Maya'] }],
        telecom: [{ system: 'email', value: 'maya@example.org' }],
        birthDate: '1988-07-14',
      },
      {
        resourceType: 'QuestionnaireResponse',
        id: INTAKE,
        identifier: { system: `${FHIR_BASE}/sid/intake`, value: INTAKE },
        questionnaire: `${FHIR_BASE}/Questionnaire/intake|intake-2026-11`,
        status: 'completed',
        subject: { reference: `Patient/${clientId}` },
        authored: '2026-03-01T16:20:00.000Z',
        item: [
          { linkId: 'answers.pressurePreference', answer: [{ valueCoding: { system: `${FHIR_BASE}/CodeSystem/pressure-level`, code: 'P3' } }] },
          { linkId: 'goals', answer: [{ valueString: 'Turn my head when driving' }] },
          { linkId: 'screening', item: [{ linkId: 'screening.outcome', answer: [{ valueCoding: { system: `${FHIR_BASE}/CodeSystem/screening-outcome`, code: 'cleared' } }] }] },
        ],
      },
    ],
    '2026-03-20T12:00:01.000Z',
  );
}
