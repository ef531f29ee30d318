import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Bundle, Patient, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import type { Client } from 'pg';
import request from 'supertest';
import { exampleSubmitIntakeRequest, INTAKE_ROUTES, type ClientResponse, type SubmitIntakeRequest } from '@massage/intake-api';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Role } from '@massage/security';
import { fhirBundleIssues } from '@massage/testing';
import { actorOf, assertionHeaders, HOME } from './testing/intake-spec-support';
import { startIntakeTestApp } from './testing/intake-test-app';

jest.setTimeout(60_000);

const AWAY = 'uptown-ottawa';

/**
 * Intake's part of the client's FHIR record (ADR 0023) on the real module and PostgreSQL: the Patient with the name
 * and contact intake holds, a QuestionnaireResponse per intake with its screening's codes, every resource valid R4;
 * read under `clinical-note:read` (front desk and a therapist out of care refused), audited; no contact after an erasure.
 */
describe('intake: the client record as FHIR R4 (PostgreSQL)', () => {
  const keys = generateAssertionKeyPair('fhir-spec');
  const as = assertionHeaders(keys.signer);
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_fhir', keys.publicKeysJson));
    http = request(app.getHttpServer());
  });
  afterAll(async () => close?.());

  const path = (clientId: string, location = HOME) => INTAKE_ROUTES.clientFhirRecord.replace(':locationId', location).replace(':clientId', clientId);
  const read = (clientId: string, role: Role = 'location-manager', location = HOME) => http.get(path(clientId, location)).set(as(role, location));
  const registered = async (location = HOME): Promise<ClientResponse> => {
    const res = await http
      .post(`/locations/${location}/clients`)
      .set(as('location-manager', location))
      .set('idempotency-key', randomUUID())
      .send({ givenName: 'Maya', familyName: 'Okafor', email: 'maya@example.org', phone: '+14165550134', preferredChannel: 'email', dateOfBirth: '1988-07-14' })
      .expect(201);
    return res.body as ClientResponse;
  };
  const submitted = async (clientId: string, answers: Partial<SubmitIntakeRequest['answers']> = {}): Promise<string> => {
    const example = exampleSubmitIntakeRequest(new Date(Date.now() - 60_000).toISOString(), 'Maya Okafor');
    const res = await http
      .post(`/locations/${HOME}/clients/${clientId}/intakes`)
      .set(as('front-desk'))
      .set('idempotency-key', randomUUID())
      .send({ ...example, answers: { ...example.answers, ...answers } })
      .expect(201);
    return (res.body as { id: string }).id;
  };
  const resources = (bundle: Bundle): Resource[] => (bundle.entry ?? []).map((e) => e.resource as Resource);
  const auditOf = async (clientId: string) =>
    (await pg.query(`SELECT actor_subject, operation, outcome, reason FROM audit_record WHERE client_id = $1 AND operation = 'record.export-fhir' ORDER BY seq`, [clientId])).rows;

  it('answers the Patient as registered and each intake as a completed QuestionnaireResponse with its screening, all valid R4, and audits the read', async () => {
    const client = await registered();
    // A treated DVT in the left calf (DVT_HX) on a blood thinner (ANTICOAG), a healed fracture, a new knee.
    const intakeId = await submitted(client.id, {
      conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], diagnosedOn: '2024-05-01', treatmentStartedOn: '2024-05-02', treatmentEndedOn: '2024-08-01', note: 'Treated in hospital' }],
      medications: [{ class: 'anticoagulant', name: 'Apixaban' }],
      fractures: [{ on: '2025-01-10', sites: ['left-arm'], healed: true }],
      devices: [{ kind: 'joint-replacement', sites: ['right-knee'], placedOn: '2023-02-01' }],
    });

    const res = await read(client.id).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(res.text) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [patient, qr, ...rest] = resources(bundle) as [Patient, QuestionnaireResponse, ...Resource[]];
    expect(rest).toEqual([]);
    expect(patient).toMatchObject({ resourceType: 'Patient', id: client.id, name: [{ family: 'Okafor', given: ['Maya'] }], birthDate: '1988-07-14', telecom: [{ system: 'phone', value: '+14165550134' }, { system: 'email', value: 'maya@example.org' }] });
    expect(qr).toMatchObject({ resourceType: 'QuestionnaireResponse', id: intakeId, status: 'completed', subject: { reference: `Patient/${client.id}` }, questionnaire: 'https://massage.example/fhir/Questionnaire/intake|intake-2026-11' });
    expect(qr.item?.map((i) => i.linkId)).toEqual(['kind', 'answers.conditions', 'answers.medications', 'answers.fractures', 'answers.devices', 'answers.painAreas', 'answers.pressurePreference', 'goals', 'consent', 'screening']);
    const screening = qr.item?.find((i) => i.linkId === 'screening')?.item ?? [];
    expect(screening.find((i) => i.linkId === 'screening.rules')?.answer?.map((a) => a.valueCoding?.code)).toEqual(expect.arrayContaining(['DVT_HX', 'ANTICOAG']));
    expect(fhirBundleIssues(bundle)).toEqual([]);
    expect(await auditOf(client.id)).toEqual([{ actor_subject: actorOf('location-manager').subject, operation: 'record.export-fhir', outcome: 'allowed', reason: null }]);
  });

  it('is refused to the front desk and to a therapist not caring for the client (403), and let through once the therapist is', async () => {
    const client = await registered();
    await submitted(client.id);
    for (const role of ['front-desk', 'therapist'] as const) expect({ role, status: (await read(client.id, role)).status }).toEqual({ role, status: 403 });
    await pg.query(`INSERT INTO care_relationship (therapist_subject, client_id, location_id) VALUES ($1, $2, $3)`, [actorOf('therapist').subject, client.id, HOME]);
    const bundle = (await read(client.id, 'therapist').expect(200)).body as Bundle;
    expect(resources(bundle).map((r) => r.resourceType)).toEqual(['Patient', 'QuestionnaireResponse']);
  });

  it('answers 404 for another location’s client, and audits the refusal', async () => {
    const away = await registered(AWAY);
    expect((await read(away.id)).status).toBe(404);
    expect(await auditOf(away.id)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'not-found' })]);
  });

  it('keeps name, birth date and intakes of a client whose contact was erased, and no e-mail or phone (ADR 0010)', async () => {
    const client = await registered();
    await submitted(client.id);
    await http.post(`/locations/${HOME}/clients/${client.id}/contact-erasure`).set(as('location-manager')).send({ reason: 'client-request' }).expect(200);
    const res = await read(client.id).expect(200);
    const [patient, qr] = resources(JSON.parse(res.text) as Bundle) as [Patient, QuestionnaireResponse];
    expect(patient.telecom).toBeUndefined();
    expect(patient).toMatchObject({ name: [{ family: 'Okafor' }], birthDate: '1988-07-14' });
    expect(qr.status).toBe('completed');
    expect(res.text).not.toMatch(/maya@example\.org|5550134/);
  });
});
