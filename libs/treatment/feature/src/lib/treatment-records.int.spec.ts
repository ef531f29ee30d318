import { randomUUID } from 'node:crypto';
import { ClientCheckedIn, checkPayload, SessionLogged, SessionNoteAmended, TreatmentPlanCreated, type EventDefinition } from '@massage/contracts';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { NoteResponse, PlanResponse } from '@massage/treatment-api';
import { HOME, SAM_ID, VARICOSE_LEFT_CALF, checkedInSession, desk, hq, kim, manager, noteBody, planBody, registerTherapists, sam, screen } from './testing/treatment-scenario';
import { startTreatmentTestApp, TreatmentCaller, type TreatmentTestApp } from './testing/treatment-test-app';

jest.setTimeout(60_000);

const keys = generateAssertionKeyPair('treatment-records-spec');

/**
 * The clinical record through the service's routes and handlers, on PostgreSQL: plans and notes the screening
 * restricts are refused naming the rule with nothing written; only the appointment's therapist writes a note; a
 * signed note is changed only by an amendment and its original stays readable; front desk reads no note; every
 * read is audited.
 */
describe('treatment records (PostgreSQL)', () => {
  let t: TreatmentTestApp;
  let api: TreatmentCaller;
  /** Screened with varicose veins in the left calf; one session with Sam checked in. */
  const clientId = randomUUID();
  let appointmentId: string;

  const clientPath = (client = clientId) => `/locations/${HOME}/clients/${client}`;
  const notePath = (appointment = appointmentId, client = clientId) => `${clientPath(client)}/sessions/${appointment}/note`;
  const rows = async (sql: string, params: unknown[] = []) => (await t.pg.query(sql, params)).rows as Record<string, unknown>[];
  const outbox = (def: EventDefinition<never>, key = clientId) => rows(`SELECT payload FROM outbox WHERE type = $1 AND key = $2 ORDER BY seq`, [def.type, key]);
  const storedContent = async () => (await rows(`SELECT content FROM session_note WHERE appointment_id = $1`, [appointmentId]))[0]?.['content'];

  beforeAll(async () => {
    t = await startTreatmentTestApp('treat_records', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-09T14:10:00Z' });
    api = new TreatmentCaller(t.baseUrl, keys.signer);
    await registerTherapists(t);
    await screen(t, clientId, [VARICOSE_LEFT_CALF]);
    appointmentId = await checkedInSession(t, clientId, SAM_ID, '2026-03-09T14:00:00Z');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('opens one draft note at check-in, however often the check-in arrives', async () => {
    await t.deliver(ClientCheckedIn, { appointmentId, locationId: HOME, clientId, therapistId: SAM_ID, startsAt: '2026-03-09T14:00:00.000Z', checkedInAt: '2026-03-09T13:58:00.000Z' });
    expect(await rows(`SELECT status, therapist_id, ends_at FROM session_note WHERE appointment_id = $1`, [appointmentId])).toEqual([
      { status: 'draft', therapist_id: SAM_ID, ends_at: new Date('2026-03-09T15:00:00Z') },
    ]);
    const res = await api.get(sam, notePath());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', therapistId: SAM_ID, content: { work: [], pain: [] }, versions: [], amendments: [] });
  });

  it('refuses a plan with work the screening restricts, naming the rule, and writes nothing', async () => {
    const res = await api.post(manager, `${clientPath()}/plans`, planBody({ techniques: ['swedish', 'deep-tissue'], focusRegions: ['neck', 'left-calf'] }));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://massage.example/problems/contraindicated', rule: 'contraindicated' });
    expect(res.body.refusals).toEqual([expect.objectContaining({ rule: 'contraindicated', screeningRule: 'VARIC', techniques: ['deep-tissue'], regions: ['left-calf'] })]);
    expect(await rows(`SELECT id FROM treatment_plan WHERE client_id = $1`, [clientId])).toEqual([]);
    expect(await rows(`SELECT plan_id FROM treatment_plan_revision`)).toEqual([]);
    expect(await outbox(TreatmentPlanCreated as EventDefinition<never>)).toEqual([]);
    expect(await rows(`SELECT operation, outcome, reason FROM audit_record WHERE client_id = $1 AND operation = 'plan.create'`, [clientId])).toEqual([
      { operation: 'plan.create', outcome: 'refused', reason: 'contraindicated' },
    ]);
  });

  it('creates a plan the screening allows; TreatmentPlanCreated carries codes and scores, not the goals’ words or the referrer', async () => {
    const key = randomUUID();
    const res = await api.post(sam, `${clientPath()}/plans`, planBody(), key);
    expect(res.status).toBe(201);
    const plan = res.body as PlanResponse;
    expect(plan).toMatchObject({ status: 'active', revision: 1, therapistId: SAM_ID, maxPressure: 'P3', reviewNeeded: null, referral: { source: 'physiotherapist', reasonCode: 'M54.2' } });
    expect(plan.goals.map((g) => g.activity)).toContain('Turn my head to reverse the car');
    // The same key answers the same plan; nothing is created twice.
    expect((await api.post(sam, `${clientPath()}/plans`, planBody(), key)).body).toEqual(plan);
    const [event] = await outbox(TreatmentPlanCreated as EventDefinition<never>);
    expect(checkPayload(TreatmentPlanCreated, event?.['payload'])).toEqual([]);
    expect(JSON.stringify(event?.['payload'])).not.toMatch(/reverse the car|Chen/);
    expect((await api.get(manager, `${clientPath()}/plans/${plan.id}`)).body).toEqual(plan);
  });

  it('refuses a note with restricted work at save, naming the rule and the line, and keeps the draft as it was', async () => {
    const before = await storedContent();
    const body = noteBody(undefined, { work: [...noteBody().work, { technique: 'deep-tissue', region: 'left-calf', pressure: 'P4', minutes: 10 }] });
    const res = await api.put(sam, notePath(), body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ rule: 'contraindicated', refusals: [{ screeningRule: 'VARIC', regions: ['left-calf'], items: [2] }] });
    expect(await storedContent()).toEqual(before);
  });

  it("lets only the appointment's therapist write the note", async () => {
    const before = await storedContent();
    const other = await api.put(kim, notePath(), noteBody());
    expect(other.status).toBe(403);
    const supervisor = await api.put(manager, notePath(), noteBody());
    expect([supervisor.status, supervisor.body.type]).toEqual([403, 'https://massage.example/problems/not-your-session']);
    expect((await api.post(kim, `${notePath()}/sign`)).status).toBe(403);
    expect(await storedContent()).toEqual(before);
    expect(await rows(`SELECT actor_subject, outcome FROM audit_record WHERE operation LIKE 'clinical-note%' OR (operation = 'note.save' AND outcome = 'refused') ORDER BY seq`)).toEqual(
      expect.arrayContaining([
        { actor_subject: kim.subject, outcome: 'refused' },
        { actor_subject: manager.subject, outcome: 'refused' },
      ]),
    );
  });

  it('signs a note once (SessionLogged with no free text); a signed note refuses a change; an amendment keeps the original readable', async () => {
    expect((await api.put(sam, notePath(), noteBody({ before: 6, after: 4 }))).status).toBe(200);
    const signed = await api.post(sam, `${notePath()}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', versions: [{ version: 1, author: SAM_ID }] });

    const [logged] = await outbox(SessionLogged as EventDefinition<never>);
    expect(checkPayload(SessionLogged, logged?.['payload'])).toEqual([]);
    expect(logged?.['payload']).toMatchObject({ appointmentId, clientId, therapistId: SAM_ID, locationId: HOME, pain: [{ region: 'neck', before: 6, after: 4 }] });
    expect(JSON.stringify(logged?.['payload'])).not.toMatch(/stiff|Hypertonic|chin tucks/);

    const change = await api.put(sam, notePath(), noteBody({ before: 6, after: 2 }));
    expect([change.status, change.body.rule]).toEqual([409, 'note-signed']);
    expect((await api.post(sam, `${notePath()}/sign`)).body.rule).toBe('note-signed');

    const amended = await api.post(sam, `${notePath()}/amendments`, { kind: 'correction', reason: 'Pain after was misread: it was 3.', content: noteBody({ before: 6, after: 3 }) });
    expect(amended.status).toBe(201);
    const note = (await api.get(sam, notePath())).body as NoteResponse;
    expect(note.versions.map((v) => [v.version, v.content.pain])).toEqual([
      [1, [{ region: 'neck', before: 6, after: 4 }]],
      [2, [{ region: 'neck', before: 6, after: 3 }]],
    ]);
    expect(note.amendments).toEqual([expect.objectContaining({ kind: 'correction', author: SAM_ID, reason: 'Pain after was misread: it was 3.', sections: ['pain'], version: 2 })]);
    expect(note.content.pain).toEqual([{ region: 'neck', before: 6, after: 3 }]);
    const [correction] = await outbox(SessionNoteAmended as EventDefinition<never>);
    expect(correction?.['payload']).toMatchObject({ kind: 'correction', sections: ['pain'], pain: [{ region: 'neck', before: 6, after: 3 }] });
    expect(correction?.['payload']).not.toHaveProperty('work');
    expect(JSON.stringify(correction?.['payload'])).not.toMatch(/misread/);

    // Another therapist cannot append; the location's manager may, as supervisor (clinical-records.md, "Signing").
    const addendum = { kind: 'addendum', reason: 'Client phoned: pain stayed at 3 for two days.', content: noteBody({ before: 6, after: 3 }, { plan: 'Same focus next week; chin tucks at home; heat if sore.' }) };
    expect((await api.post(kim, `${notePath()}/amendments`, addendum)).status).toBe(403);
    const supervised = await api.post(manager, `${notePath()}/amendments`, addendum);
    expect(supervised.status).toBe(201);
    expect((supervised.body as NoteResponse).amendments.map((a) => [a.version, a.author, a.sections])).toEqual([
      [2, SAM_ID, ['pain']],
      [3, manager.subject, ['plan']],
    ]);
    expect((supervised.body as NoteResponse).versions[0]?.content.pain).toEqual([{ region: 'neck', before: 6, after: 4 }]);
  });

  it('answers a malformed client id as nobody in care (403) to a therapist and 404 to a manager, never 500', async () => {
    expect((await api.get(sam, `/locations/${HOME}/clients/not-a-client/plans`)).status).toBe(403);
    expect((await api.get(manager, `/locations/${HOME}/clients/not-a-client/plans`)).status).toBe(404);
  });

  it('refuses every note route to the front desk, and a therapist not in the client’s care', async () => {
    for (const path of [notePath(), `${clientPath()}/record/fhir`, `${clientPath()}/plans`]) expect([path, (await api.get(desk, path)).status]).toEqual([path, 403]);
    expect((await api.put(desk, notePath(), noteBody())).status).toBe(403);
    expect((await api.get(kim, notePath())).status).toBe(403);
    expect((await api.get(hq, notePath())).status).toBe(200);
  });

  it('audits every read of a note, refused ones included', async () => {
    const since = Number((await rows(`SELECT max(seq) AS seq FROM audit_record`))[0]?.['seq']);
    await api.get(sam, notePath()).expect(200);
    await api.get(manager, notePath(randomUUID())).expect(404);
    await api.get(desk, notePath()).expect(403);
    expect(await rows(`SELECT actor_subject, operation, resource_id, outcome, reason FROM audit_record WHERE seq > $1 ORDER BY seq`, [since])).toEqual([
      { actor_subject: sam.subject, operation: 'note.read', resource_id: appointmentId, outcome: 'allowed', reason: null },
      { actor_subject: manager.subject, operation: 'note.read', resource_id: expect.any(String), outcome: 'refused', reason: 'not-found' },
      { actor_subject: desk.subject, operation: 'clinical-note:read', resource_id: clientId, outcome: 'refused', reason: expect.stringMatching(/front-desk/) },
    ]);
  });

  it('answers 404 for a note before check-in, and for another client’s session', async () => {
    const booked = await checkedInSession(t, clientId, SAM_ID, '2026-03-16T14:00:00Z', false);
    expect((await api.get(sam, notePath(booked))).status).toBe(404);
    // Sam gives the booked session: the guard lets the write through, and there is no note to write yet.
    expect((await api.put(sam, notePath(booked), noteBody())).status).toBe(404);
    expect((await api.put(kim, notePath(booked), noteBody())).status).toBe(403);
    expect((await api.get(manager, notePath(appointmentId, randomUUID()))).status).toBe(404);
  });
});
