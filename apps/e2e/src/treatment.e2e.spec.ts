import { randomUUID } from 'node:crypto';
import type { Bundle, Patient, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  AUDIT_TOPIC,
  ClientCheckedIn,
  deadLetterTopicName,
  INTAKE_CONSUMER_GROUP,
  INTAKE_EVENTS_TOPIC,
  kafkaSaslFromEnv,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_CONSUMER_GROUP,
  SCHEDULING_LOCATIONS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  ScreeningCompleted,
  SessionLogged,
  TREATMENT_CONSUMER_GROUP,
  TREATMENT_EVENTS_TOPIC,
  type ScreeningCompletedV1,
  type SessionLoggedV1,
} from '@massage/contracts';
import { exampleSubmitIntakeRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { API_WEEKDAYS, type AppointmentResponse, type AvailabilityResponse, type TherapistResponse } from '@massage/scheduling-api';
import type { NoteContentBody, NoteResponse, PlanOutcomesResponse, PlanResponse, PlanTermsRequest } from '@massage/treatment-api';
import { collectTopic, ensureTopics, fhirBundleIssues, testKafka, uniqueName, waitFor, type TestDatabase, type TopicCollector } from '@massage/testing';
import { first, freePort, gatewayCaller, GatewayKeys, migratedDatabase, startAtTopicEnds, utcDay, waitForMessage } from './support/gateway-stack';
import { ServiceProcess } from './support/service-process';

/**
 * Treatment records end to end (issue 9), on the built gateway, intake, scheduling and treatment as real processes
 * against the real broker and database. HQ opens a location and its manager configures it; a client registered and
 * screened through intake (a DVT treated in the left calf: DVT_HX) is booked with Sam through scheduling and checks
 * in; ClientCheckedIn on scheduling.appointments.v1 opens a draft note in treatment. Sam (a token with the subject
 * scheduling registered) records the work and pain; a work line the screening restricts is refused naming DVT_HX
 * and nothing is written; signing publishes SessionLogged on treatment.events.v1 with its CloudEvents headers and no
 * free text; the signed note refuses change, an amendment keeps the original readable; Kim (not in the client's care)
 * and the front desk are refused; the outcome trend is chart data and the FHIR export (intake's named Patient and
 * answers with treatment's resources, composed by the gateway: ADR 0023) validates against R4.
 * Each service consumes in a group of this run's own, started at its topics' current ends (only this run's events).
 */
describe('treatment: a session note through the gateway, from check-in to SessionLogged', () => {
  const keys = new GatewayKeys();
  const location = 'e2e-trt-' + Math.random().toString(36).slice(2, 8);
  const at = `/locations/${location}`;
  const databases: TestDatabase[] = [];
  const groups = { intake: uniqueName('e2e-intake'), scheduling: uniqueName('e2e-scheduling'), treatment: uniqueName('e2e-treatment') };
  let brokers: string[] = [];
  let treatmentDb: TestDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let appointmentsTopic: TopicCollector;
  let intakeEvents: TopicCollector;
  let treatmentEvents: TopicCollector;
  const tokens: Record<'frontDesk' | 'manager' | 'hq' | 'sam' | 'kim', string> = { frontDesk: '', manager: '', hq: '', sam: '', kim: '' };
  let sam: TherapistResponse;
  let serviceId = '';
  let client = '';
  let plan: PlanResponse;
  let appointment: AppointmentResponse;
  /** The note's path below `/v1` once the appointment is booked. */
  let note = '';

  beforeAll(async () => {
    ({ brokers } = await testKafka());
    await ensureTopics(brokers, [
      SCHEDULING_APPOINTMENTS_TOPIC,
      SCHEDULING_THERAPISTS_TOPIC,
      SCHEDULING_LOCATIONS_TOPIC,
      TREATMENT_EVENTS_TOPIC,
      AUDIT_TOPIC,
      ...Object.values(groups).map((group) => ({ name: deadLetterTopicName(group), partitions: 1 })),
    ]);
    await startAtTopicEnds(brokers, groups.intake, INTAKE_CONSUMER_GROUP.topics);
    await startAtTopicEnds(brokers, groups.scheduling, SCHEDULING_CONSUMER_GROUP.topics);
    await startAtTopicEnds(brokers, groups.treatment, TREATMENT_CONSUMER_GROUP.topics);
    appointmentsTopic = await collectTopic(brokers, SCHEDULING_APPOINTMENTS_TOPIC.name);
    intakeEvents = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name);
    treatmentEvents = await collectTopic(brokers, TREATMENT_EVENTS_TOPIC.name);

    const env = async (name: string): Promise<Record<string, string>> => {
      const { db, env: serviceEnv } = await migratedDatabase('e2e_treatment', name, { KAFKA_BROKERS: brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1', AUTH_ASSERTION_PUBLIC_KEYS: keys.publicKeys });
      databases.push(db);
      if (name === 'treatment') treatmentDb = db;
      return serviceEnv;
    };
    const intake = new ServiceProcess('intake', await freePort(), { ...(await env('intake')), INTAKE_GROUP_ID: groups.intake });
    const scheduling = new ServiceProcess('scheduling', await freePort(), { ...(await env('scheduling')), SCHEDULING_GROUP_ID: groups.scheduling });
    const treatment = new ServiceProcess('treatment', await freePort(), { ...(await env('treatment')), TREATMENT_GROUP_ID: groups.treatment });
    gateway = new ServiceProcess('gateway', await freePort(), { ...keys.gatewayEnv(), INTAKE_URL: intake.url, SCHEDULING_URL: scheduling.url, TREATMENT_URL: treatment.url, NOTIFICATION_URL: 'http://127.0.0.1:9' });
    services = [intake, scheduling, treatment, gateway];
    await Promise.all(services.map((s) => s.start()));
    tokens.frontDesk = await keys.token('front-desk', location);
    tokens.manager = await keys.token('location-manager', location, `manager@${location}`);
    tokens.hq = await keys.token('hq-admin');
    tokens.sam = await keys.token('therapist', location, `sam@${location}`);
    tokens.kim = await keys.token('therapist', location, `kim@${location}`);

    await openLocation();
    await registerAndScreenClient();
  }, 300_000); // four services' migrations and start-up, a location set up and a client screened, on a shared machine

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all([appointmentsTopic, intakeEvents, treatmentEvents].map((c) => c?.stop()));
    await Promise.all(databases.map((d) => d.drop()));
    await dropGroups(brokers, Object.values(groups));
  });

  const { call, json } = gatewayCaller(() => gateway.url);
  const problem = async (res: Response, status: number): Promise<{ type: string; rule?: string; refusals?: Record<string, unknown>[] }> => {
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
    return (await res.json()) as { type: string; rule?: string; refusals?: Record<string, unknown>[] };
  };
  const readNote = async (token = tokens.sam): Promise<NoteResponse> => json<NoteResponse>(await call('GET', note, token, undefined, null), 200);

  /** HQ opens the location (open around the clock); its manager adds a room, a service and two licensed, certified therapists on shift every day. */
  async function openLocation(): Promise<void> {
    const allDay = [{ from: '00:00', to: '24:00' }];
    await json(await call('POST', '/locations', tokens.hq, { code: location, name: 'E2e treatment', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openingHours: API_WEEKDAYS.map((weekday) => ({ weekday, windows: allDay })) }), 201);
    await json(await call('POST', `${at}/rooms`, tokens.manager, { code: 'room-1', name: 'Room 1', equipment: [] }), 201);
    serviceId = (
      await json<{ id: string }>(
        await call('POST', `${at}/services`, tokens.manager, { code: 'therapeutic-60', name: 'Therapeutic massage, 60 minutes', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish', 'myofascial-release'], requiredEquipment: [] }),
        201,
      )
    ).id;
    const therapists: TherapistResponse[] = [];
    for (const [subject, displayName, licence] of [
      [`sam@${location}`, 'Sam E2e', 'RMT-000101'],
      [`kim@${location}`, 'Kim E2e', 'RMT-000102'],
    ] as const) {
      const therapist = await json<TherapistResponse>(
        await call('POST', `${at}/therapists`, tokens.manager, { subject, displayName, licence: { number: licence, jurisdiction: 'CA-ON', validFrom: utcDay(-365), expiresOn: utcDay(730) } }),
        201,
      );
      for (const technique of ['swedish', 'myofascial-release', 'deep-tissue']) await json(await call('PUT', `${at}/therapists/${therapist.id}/certifications/${technique}`, tokens.manager, {}, null), 200);
      await json(await call('PUT', `${at}/therapists/${therapist.id}/shifts`, tokens.manager, { shifts: API_WEEKDAYS.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) }, null), 200);
      therapists.push(therapist);
    }
    sam = first(therapists);
  }

  /** The front desk registers the client (once intake knows the location) and takes their intake: a DVT treated in the left calf over a year ago (DVT_HX). */
  async function registerAndScreenClient(): Promise<void> {
    const registration = { givenName: 'Maya', familyName: 'E2e', email: `${uniqueName('maya')}@example.com`, preferredChannel: 'email', dateOfBirth: '1988-07-14' };
    const registrationKey = randomUUID();
    client = await waitFor(
      async () => {
        const res = await call('POST', `${at}/clients`, tokens.frontDesk, registration, registrationKey);
        if (res.status === 404) return undefined;
        return (await json<{ id: string }>(res, 201)).id;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'intake to know the location scheduling opened' },
    );
    const intake: SubmitIntakeRequest = exampleSubmitIntakeRequest(new Date().toISOString(), 'Maya E2e');
    intake.answers = { ...intake.answers, conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: utcDay(-700), treatmentEndedOn: utcDay(-500) }] };
    await json(await call('POST', `${at}/clients/${client}/intakes`, tokens.frontDesk, intake), 201);
    const screened = await waitForMessage(intakeEvents, (m) => m.key === client && m.headers['ce_type'] === ScreeningCompleted.type, 'ScreeningCompleted');
    expect((JSON.parse(screened.value ?? 'null') as ScreeningCompletedV1).restrictions).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'DVT_HX' })]));
  }

  /** The plan Sam builds: a stiff neck, Swedish and myofascial release on neck and upper back up to P3. */
  const planTerms: PlanTermsRequest = {
    goals: [
      { activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8 },
      { activity: 'Work at the desk for two hours', baselineScore: 4, targetScore: 8 },
      { activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
    ],
    focusRegions: ['neck', 'upper-back'],
    techniques: ['swedish', 'myofascial-release'],
    maxPressure: 'P3',
    frequency: { sessions: 1, everyWeeks: 1 },
    plannedSessions: 6,
    reassessOn: utcDay(42),
    referral: { source: 'physiotherapist', referrer: 'Dr. A. Chen, Riverside Physio', reasonCode: 'M54.2' },
  };
  /** Today's note as Sam writes it (the words are checked to stay out of every event). */
  const noteContent = (after = 3): NoteContentBody => ({
    subjective: 'Neck stiff since a long drive; worse turning left.',
    objective: 'Hypertonic left upper trapezius, trigger point at C5.',
    rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
    work: [
      { technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 25 },
      { technique: 'swedish', region: 'upper-back', pressure: 'P2', minutes: 20 },
    ],
    pain: [{ region: 'neck', before: 6, after }],
    functionScores: [],
    assessment: 'Good response; rotation improved.',
    plan: 'Same focus next week; chin tucks at home.',
  });
  const FREE_TEXT = /stiff|Hypertonic|rotation improved|chin tucks|reverse the car|Chen|Maya/;

  it('books the screened client with Sam, who plans; check-in (ClientCheckedIn on scheduling.appointments.v1) opens a draft note for the appointment', async () => {
    const search = `${at}/availability?serviceId=${serviceId}&from=${utcDay(0)}&to=${utcDay(2)}&therapistId=${sam.id}&clientId=${client}&techniques=swedish&focusRegions=neck,upper-back&pressure=P3`;
    const slot = await waitFor(
      async () => {
        const res = await call('GET', search, tokens.frontDesk, undefined, null);
        return res.status === 200 ? ((await res.json()) as AvailabilityResponse).slots[0] : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, description: "a slot for the client once scheduling's projection has the screening" },
    );
    appointment = await json<AppointmentResponse>(
      await call('POST', `${at}/appointments`, tokens.frontDesk, { clientId: client, therapistId: sam.id, serviceId, startsAt: slot.startsAt, techniques: ['swedish'], focusRegions: ['neck', 'upper-back'], pressure: 'P3' }),
      201,
    );
    note = `${at}/clients/${client}/sessions/${appointment.id}/note`;

    // Sam plans once treatment knows the location (404 unknown-location before), has the booking (Sam in care: 403
    // before) and the screening (422 screening-pending before).
    const planned = await waitFor(
      async () => {
        const res = await call('POST', `${at}/clients/${client}/plans`, tokens.sam, planTerms);
        if (res.status === 201) return { plan: (await res.json()) as PlanResponse };
        const refused = await problem(res, res.status);
        // Any other answer ends the wait and fails below, naming it.
        const waiting = res.status === 403 || (res.status === 404 && refused.type.endsWith('/unknown-location')) || (res.status === 422 && refused.rule === 'screening-pending');
        return waiting ? undefined : { refused: { status: res.status, ...refused } };
      },
      { timeoutMs: 90_000, intervalMs: 500, description: "treatment to project the booking and the client's screening" },
    );
    expect(planned).toEqual({ plan: expect.anything() });
    plan = (planned as { plan: PlanResponse }).plan;
    expect(plan).toMatchObject({ status: 'active', clientId: client, locationId: location, therapistId: sam.id, focusRegions: planTerms.focusRegions, reviewNeeded: null });

    // No note before the client checks in.
    expect((await call('GET', note, tokens.sam, undefined, null)).status).toBe(404);
    await json(await call('POST', `${at}/appointments/${appointment.id}/check-in`, tokens.frontDesk, undefined, null), 200);
    const checkedIn = await waitForMessage(appointmentsTopic, (m) => m.key === appointment.id && m.headers['ce_type'] === ClientCheckedIn.type, 'ClientCheckedIn');
    expect(checkedIn.headers).toMatchObject({ ce_specversion: '1.0', ce_source: '/massage/scheduling' });

    const draft = await waitFor(
      async () => {
        const res = await call('GET', note, tokens.sam, undefined, null);
        return res.status === 200 ? ((await res.json()) as NoteResponse) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, description: 'the draft note treatment opens on ClientCheckedIn' },
    );
    expect(draft).toMatchObject({ appointmentId: appointment.id, clientId: client, therapistId: sam.id, locationId: location, planId: plan.id, status: 'draft', signedAt: null, versions: [], amendments: [] });
    expect(Date.parse(draft.startsAt)).toBe(Date.parse(appointment.startsAt));
  }, 300_000);

  it('records work and pain; a work line the screening restricts is refused 422 naming DVT_HX, and nothing is written', async () => {
    expect(note).not.toBe('');
    const saved = await json<NoteResponse>(await call('PUT', note, tokens.sam, noteContent(), null), 200);
    expect(saved).toMatchObject({ status: 'draft', content: noteContent() });

    const restricted = { ...noteContent(2), work: [...noteContent().work, { technique: 'deep-tissue', region: 'left-calf', pressure: 'P4', minutes: 10 }] };
    const refused = await problem(await call('PUT', note, tokens.sam, restricted, null), 422);
    expect(refused).toMatchObject({ type: 'https://massage.example/problems/contraindicated', rule: 'contraindicated' });
    expect(refused.refusals).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'contraindicated', screeningRule: 'DVT_HX', regions: expect.arrayContaining(['left-calf']), items: [2] })]));
    expect((await readNote()).content).toEqual(noteContent());
  });

  it("keeps another therapist (not in the client's care) and the front desk from the note: 403 on read and write, nothing changed", async () => {
    const kim = [await call('GET', note, tokens.kim, undefined, null), await call('PUT', note, tokens.kim, noteContent(0), null), await call('POST', `${note}/sign`, tokens.kim, undefined, null)];
    const desk = [
      await call('GET', note, tokens.frontDesk, undefined, null),
      await call('GET', `${at}/clients/${client}/record/fhir`, tokens.frontDesk, undefined, null),
      await call('GET', `${at}/clients/${client}/plans/${plan.id}/outcomes`, tokens.frontDesk, undefined, null),
      await call('PUT', note, tokens.frontDesk, noteContent(0), null),
    ];
    for (const res of [...kim, ...desk]) await problem(res, 403);
    expect(await readNote()).toMatchObject({ status: 'draft', content: noteContent() });
    // Treatment audits every read of the note, the refused ones included.
    expect(await auditOf(treatmentDb, appointment.id, client)).toEqual(
      expect.arrayContaining([
        { subject: `sam@${location}`, operation: 'note.read', outcome: 'allowed' },
        { subject: `kim@${location}`, operation: expect.stringMatching(/^(note\.read|clinical-note:read)$/), outcome: 'refused' },
      ]),
    );
  });

  it('signs: SessionLogged on treatment.events.v1 with its CloudEvents headers, the codes and no free text; the signed note refuses change', async () => {
    const signed = await json<NoteResponse>(await call('POST', `${note}/sign`, tokens.sam, undefined, null), 200);
    expect(signed).toMatchObject({ status: 'signed', versions: [{ version: 1, author: sam.id, content: noteContent() }] });

    const event = await waitForMessage(treatmentEvents, (m) => m.key === client && m.headers['ce_type'] === SessionLogged.type, 'SessionLogged');
    expect(event.headers).toMatchObject({ ce_specversion: '1.0', ce_type: SessionLogged.type, ce_source: '/massage/treatment', ce_subject: client, 'content-type': 'application/json' });
    expect(event.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.headers['ce_correlationid']).toBeTruthy();
    expect(Date.parse(event.headers['ce_time'] ?? '')).not.toBeNaN();
    expect(JSON.parse(event.value ?? 'null') as SessionLoggedV1).toMatchObject({
      appointmentId: appointment.id,
      clientId: client,
      therapistId: sam.id,
      locationId: location,
      planId: plan.id,
      noteId: signed.id,
      work: noteContent().work,
      pain: [{ region: 'neck', before: 6, after: 3 }],
    });
    expect(event.value).not.toMatch(FREE_TEXT);

    const change = await problem(await call('PUT', note, tokens.sam, noteContent(1), null), 409);
    expect(change.rule).toBe('note-signed');
    expect((await problem(await call('POST', `${note}/sign`, tokens.sam, undefined, null), 409)).rule).toBe('note-signed');
    expect((await readNote()).content).toEqual(noteContent());
  });

  it('amends the signed note: a second version, the original still readable', async () => {
    const amended = await json<NoteResponse>(await call('POST', `${note}/amendments`, tokens.sam, { kind: 'correction', reason: 'Pain after was misread: it was 4.', content: noteContent(4) }), 201);
    expect(amended.versions.map((v) => [v.version, v.content.pain])).toEqual([
      [1, [{ region: 'neck', before: 6, after: 3 }]],
      [2, [{ region: 'neck', before: 6, after: 4 }]],
    ]);
    expect(amended.amendments).toEqual([expect.objectContaining({ kind: 'correction', author: sam.id, sections: ['pain'], version: 2 })]);
    expect(await readNote(tokens.manager)).toEqual(amended);
    // Kim may not amend it either.
    await problem(await call('POST', `${note}/amendments`, tokens.kim, { kind: 'correction', reason: 'x', content: noteContent(0) }), 403);
  });

  it("answers the plan's outcome trend as chart data (the amended pain counted)", async () => {
    const outcomes = await json<PlanOutcomesResponse>(await call('GET', `${at}/clients/${client}/plans/${plan.id}/outcomes`, tokens.sam, undefined, null), 200);
    const startsAt = new Date(appointment.startsAt).toISOString();
    expect(outcomes).toMatchObject({ planId: plan.id, sessions: 1, reassessment: { due: false, sessionsDone: 1, plannedSessions: 6 } });
    // A series per focus region: the neck's pain as signed and amended; the upper back was worked but no pain asked.
    expect(outcomes.pain).toEqual([
      expect.objectContaining({ region: 'neck', before: [{ date: expect.any(String), value: 6 }], after: [{ date: expect.any(String), value: 4 }], verdict: 'too-few-sessions' }),
      { region: 'upper-back', before: [], after: [], verdict: 'too-few-sessions' },
    ]);
    expect(outcomes.pain[0]?.before.map((p) => Date.parse(p.date))).toEqual([Date.parse(startsAt)]);
    expect(outcomes.psfs.items.map((i) => [i.goalId, i.baseline, i.target, i.scores])).toEqual(plan.goals.map((g) => [g.goalId, g.baselineScore, g.targetScore, []]));
  });

  it("exports the record as one FHIR R4 Bundle, intake's named Patient and answers with treatment's resources, every resource valid against the R4 definitions (@medplum/core)", async () => {
    const res = await call('GET', `${at}/clients/${client}/record/fhir`, tokens.sam, undefined, null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await res.json()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
    expect(new Set(resources.map((r) => r.resourceType))).toEqual(new Set(['Patient', 'Practitioner', 'QuestionnaireResponse', 'CarePlan', 'Goal', 'Encounter', 'Procedure', 'Observation']));
    // One Patient, intake's: the name and birth date the desk registered.
    const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
    expect(patients).toEqual([expect.objectContaining({ id: client, name: [expect.objectContaining({ family: 'E2e', given: ['Maya'] })], birthDate: '1988-07-14' })]);
    // The intake's answers, about the client, with the screening's rule (the treated DVT).
    const [answers, ...more] = resources.filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse');
    expect(more).toEqual([]);
    expect(answers).toMatchObject({ status: 'completed', subject: { reference: `Patient/${client}` } });
    expect(JSON.stringify(answers?.item)).toContain('"code":"DVT_HX"');
    const pain = resources.filter((r) => r.resourceType === 'Observation' && r.code?.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '72514-3'));
    expect(pain.length).toBeGreaterThanOrEqual(2); // before and after, in the neck
    expect(fhirBundleIssues(bundle)).toEqual([]);
  });
});

async function dropGroups(brokers: string[], groupIds: string[]): Promise<void> {
  if (brokers.length === 0) return;
  const admin = new Kafka({ clientId: 'e2e-treatment', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groupIds).catch(() => undefined);
    await admin.deleteTopics({ topics: groupIds.map(deadLetterTopicName) }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Who touched the session's note (or was refused it), as treatment's audit trail records it. */
async function auditOf(db: TestDatabase, appointmentId: string, clientId: string): Promise<{ subject: string; operation: string; outcome: string }[]> {
  const pg = new Client(db.options);
  await pg.connect();
  try {
    const { rows } = await pg.query<{ subject: string; operation: string; outcome: string }>(
      `SELECT actor_subject AS subject, operation, outcome FROM audit_record WHERE resource_id IN ($1, $2) AND (operation LIKE 'note.%' OR operation LIKE 'clinical-note%') ORDER BY seq`,
      [appointmentId, clientId],
    );
    return rows;
  } finally {
    await pg.end();
  }
}
