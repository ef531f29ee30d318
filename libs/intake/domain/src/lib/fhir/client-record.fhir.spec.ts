import type { Patient, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { clientPatient, clientRecordFhirBundle, intakeQuestionnaireResponse, type ClientIdentity, type StoredIntake } from './client-record.fhir';

const CLIENT = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const INTAKE = '5e5e5e5e-0000-4000-8000-000000000001';
const BASE = 'https://massage.example/fhir';

const maya: ClientIdentity = { clientId: CLIENT, givenName: 'Maya', familyName: 'Okafor', dateOfBirth: '1988-07-14', email: 'maya@example.org', phone: '+14165550134', contactErasedAt: null };

const v2Intake: StoredIntake = {
  intakeId: INTAKE,
  formVersion: 'intake-2026-11',
  kind: 'full',
  previousIntakeId: null,
  submittedAt: new Date('2026-03-01T16:20:00Z'),
  answers: {
    conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], diagnosedOn: '2024-05-01', treatmentEndedOn: '2024-08-01', note: 'Treated at St Mike’s' }],
    surgeries: [],
    fractures: [{ on: '2025-01-10', sites: ['left-arm'], healed: true }],
    devices: [],
    medications: [{ class: 'anticoagulant', name: 'Apixaban' }],
    symptomsToday: [],
    painAreas: [{ region: 'neck', rating: 6 }],
    pressurePreference: 'P3',
  },
  healthHistoryV1: null,
  pressurePreferenceV1: null,
  goals: ['Turn my head when driving'],
  consent: { textVersion: 'consent-2026-11', signedAt: new Date('2026-03-01T16:19:00Z') },
  screening: { screeningId: '7a7a7a7a-0000-4000-8000-000000000001', outcome: 'restricted', tableVersion: '2026.1', rules: ['DVT_HX', 'ANTICOAG'] },
};

const byLink = (items: QuestionnaireResponseItem[] | undefined, linkId: string): QuestionnaireResponseItem | undefined => items?.find((i) => i.linkId === linkId);

describe('clientPatient', () => {
  it('names the client, with birth date, contact and the client id as identifier', () => {
    expect(clientPatient(maya)).toEqual<Patient>({
      resourceType: 'Patient',
      id: CLIENT,
      identifier: [{ system: `${BASE}/sid/client`, value: CLIENT }],
      name: [{ use: 'official', family: 'Okafor', given: ['Maya'] }],
      telecom: [
        { system: 'phone', value: '+14165550134' },
        { system: 'email', value: 'maya@example.org' },
      ],
      birthDate: '1988-07-14',
    });
  });

  it('has no telecom once the contact was erased, even if a value were still there (ADR 0010 keeps name and birth date)', () => {
    const erased = clientPatient({ ...maya, contactErasedAt: new Date('2026-04-01T00:00:00Z') });
    expect(erased.telecom).toBeUndefined();
    expect(JSON.stringify(erased)).not.toMatch(/maya@|5550134/);
    expect(erased).toMatchObject({ name: [{ family: 'Okafor' }], birthDate: '1988-07-14' });
    expect(clientPatient({ ...maya, email: null, phone: null }).telecom).toBeUndefined();
  });
});

describe('intakeQuestionnaireResponse', () => {
  const qr = intakeQuestionnaireResponse(CLIENT, v2Intake);

  it('is a completed response of the client, pinned to the form version, authored at submission', () => {
    expect(qr).toMatchObject<Partial<QuestionnaireResponse>>({
      resourceType: 'QuestionnaireResponse',
      id: INTAKE,
      questionnaire: `${BASE}/Questionnaire/intake|intake-2026-11`,
      status: 'completed',
      subject: { reference: `Patient/${CLIENT}` },
      authored: '2026-03-01T16:20:00.000Z',
    });
  });

  it("answers with the form's fields and wording; empty answers are left out", () => {
    expect(qr.item?.map((i) => i.linkId)).toEqual(['kind', 'answers.conditions', 'answers.medications', 'answers.fractures', 'answers.painAreas', 'answers.pressurePreference', 'goals', 'consent', 'screening']);
    const conditions = byLink(qr.item, 'answers.conditions');
    expect(conditions?.text).toMatch(/^Do you have, or have you had/);
    expect(conditions?.item?.[0]?.item?.map((i) => [i.linkId, i.answer])).toEqual([
      ['answers.conditions.code', [{ valueCoding: { system: `${BASE}/CodeSystem/health-condition`, code: 'dvt' } }]],
      ['answers.conditions.regions', [{ valueCoding: { system: `${BASE}/CodeSystem/body-region`, code: 'left-calf' } }]],
      ['answers.conditions.diagnosedOn', [{ valueDate: '2024-05-01' }]],
      ['answers.conditions.treatmentEndedOn', [{ valueDate: '2024-08-01' }]],
      ['answers.conditions.note', [{ valueString: 'Treated at St Mike’s' }]],
    ]);
    expect(byLink(qr.item, 'answers.painAreas')?.item?.[0]?.item?.map((i) => i.answer?.[0])).toEqual([{ valueCoding: { system: `${BASE}/CodeSystem/body-region`, code: 'neck' } }, { valueInteger: 6 }]);
    expect(byLink(qr.item, 'goals')?.answer).toEqual([{ valueString: 'Turn my head when driving' }]);
    expect(byLink(qr.item, 'consent')?.item?.map((i) => i.answer?.[0])).toEqual([{ valueString: 'consent-2026-11' }, { valueDateTime: '2026-03-01T16:19:00.000Z' }]);
  });

  it('carries the codes of the screening of these answers, and nothing of it when there was none', () => {
    expect(byLink(qr.item, 'screening')?.item?.map((i) => [i.linkId, i.answer?.map((a) => a.valueCoding?.code ?? a.valueString)])).toEqual([
      ['screening.outcome', ['restricted']],
      ['screening.tableVersion', ['2026.1']],
      ['screening.rules', ['DVT_HX', 'ANTICOAG']],
    ]);
    const { screening: _none, ...unscreened } = v2Intake;
    void _none;
    expect(byLink(intakeQuestionnaireResponse(CLIENT, unscreened).item, 'screening')).toBeUndefined();
  });

  it('points a visit update at the intake it follows', () => {
    const update = intakeQuestionnaireResponse(CLIENT, { ...v2Intake, kind: 'visit-update', previousIntakeId: 'prev-intake' });
    expect(byLink(update.item, 'previousIntake')?.answer).toEqual([{ valueReference: { reference: 'QuestionnaireResponse/prev-intake' } }]);
  });

  it("answers a form v1 intake with v1's questions, as the client answered them (not the migrated guesses)", () => {
    const v1 = intakeQuestionnaireResponse(CLIENT, {
      ...v2Intake,
      formVersion: '2026.1',
      answers: { ...v2Intake.answers, unanswered: ['conditions.0.regions'] },
      healthHistoryV1: { conditions: [{ code: 'varicose-veins' }], medications: [], recentInjuryOrSurgery: { present: true, description: 'Sprained ankle', date: '2026-01-03' }, painAreas: [] },
      pressurePreferenceV1: 'medium',
    });
    expect(v1.questionnaire).toBe(`${BASE}/Questionnaire/intake|2026.1`);
    expect(v1.item?.map((i) => i.linkId)).toEqual(['kind', 'conditions', 'recentInjuryOrSurgery', 'pressurePreference', 'goals', 'consent', 'screening']);
    expect(byLink(v1.item, 'recentInjuryOrSurgery')?.item?.map((i) => i.answer?.[0])).toEqual([{ valueBoolean: true }, { valueString: 'Sprained ankle' }, { valueDate: '2026-01-03' }]);
  });

  it('leaves out what a v1 migration only guessed', () => {
    const guessed = intakeQuestionnaireResponse(CLIENT, { ...v2Intake, answers: { ...v2Intake.answers, unanswered: ['conditions.0.regions', 'fractures.0.on'] } });
    const condition = byLink(guessed.item, 'answers.conditions')?.item?.[0];
    expect(byLink(condition?.item, 'answers.conditions.regions')).toBeUndefined();
    expect(byLink(byLink(guessed.item, 'answers.fractures')?.item?.[0]?.item, 'answers.fractures.on')).toBeUndefined();
  });
});

describe('clientRecordFhirBundle', () => {
  it('is a collection: the Patient first, then the intakes oldest first, at <base>/<type>/<id>', () => {
    const later = { ...v2Intake, intakeId: '5e5e5e5e-0000-4000-8000-000000000002', submittedAt: new Date('2026-05-01T10:00:00Z') };
    const bundle = clientRecordFhirBundle(maya, [later, v2Intake], { exportedAt: new Date('2026-06-01T12:00:00Z') });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-06-01T12:00:00.000Z' });
    expect(bundle.entry?.map((e) => e.fullUrl)).toEqual([`${BASE}/Patient/${CLIENT}`, `${BASE}/QuestionnaireResponse/${INTAKE}`, `${BASE}/QuestionnaireResponse/${later.intakeId}`]);
  });
});
