import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ScreeningCompleted, type ScreeningCompletedV1 } from '@massage/contracts';
import type { ClientResponse, IntakeResponse, ScreeningListResponse, ScreeningResponse, SubmitIntakeRequest } from '@massage/intake-api';
import type { HealthAnswers } from '@massage/intake-domain';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Role } from '@massage/security';
import { ScreeningRecorder } from './screening/screening-recorder';
import { startIntakeTestApp } from './testing/intake-test-app';
import { actorOf, assertionHeaders, HOME, NO_ANSWERS, problemFields, relayClientEvents, type OutboxRow } from './testing/intake-spec-support';
import { ruleTableWithAnticoagCap } from './testing/rule-table-fixtures';
import { UpdateBeforeVisitService } from './commands/update-before-visit/update-before-visit.service';

jest.setTimeout(90_000);

const keys = generateAssertionKeyPair('screening-spec');
const as = assertionHeaders(keys.signer);

const intakeBody = (answers: Partial<HealthAnswers>, signedAt = new Date(Date.now() - 60_000)): SubmitIntakeRequest => ({
  formVersion: 'intake-2026-11',
  answers: { ...NO_ANSWERS, ...answers },
  goals: ['less neck pain'],
  consent: { given: true, textVersion: 'consent-2026-11', signedName: 'Ada Lovelace', signedAt: signedAt.toISOString() },
});
const ANTICOAGULATED: Partial<HealthAnswers> = { medications: [{ class: 'anticoagulant', name: 'warfarin-MEDNAME' }], painAreas: [{ region: 'neck', rating: 4 }] };

describe('screening in the intake service (PostgreSQL, outbox; Kafka for publication)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;
  let quiet: jest.SpyInstance;

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_screening', keys.publicKeysJson));
    http = request(app.getHttpServer());
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await close?.();
  });

  const registered = async (): Promise<ClientResponse> =>
    (
      await http
        .post(`/locations/${HOME}/clients`)
        .set(as('front-desk'))
        .set('idempotency-key', randomUUID())
        .send({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' })
        .expect(201)
    ).body as ClientResponse;
  const submit = async (clientId: string, body: SubmitIntakeRequest, role: Role = 'front-desk'): Promise<IntakeResponse> => {
    const res = await http.post(`/locations/${HOME}/clients/${clientId}/intakes`).set(as(role)).set('idempotency-key', randomUUID()).send(body);
    expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
    return res.body as IntakeResponse;
  };
  const visitUpdate = (clientId: string, body: unknown, key = randomUUID(), role: Role = 'front-desk') =>
    http.post(`/locations/${HOME}/clients/${clientId}/visit-updates`).set(as(role)).set('idempotency-key', key).send(body as object);
  const outboxFor = async (clientId: string): Promise<OutboxRow[]> =>
    (await pg.query<OutboxRow>(`SELECT type, topic, key, payload FROM outbox WHERE key = $1 ORDER BY seq`, [clientId])).rows;
  const screeningsOf = async (clientId: string): Promise<ScreeningCompletedV1[]> =>
    (await outboxFor(clientId)).filter((r) => r.type === ScreeningCompleted.type).map((r) => r.payload as unknown as ScreeningCompletedV1);
  const counts = async (clientId: string): Promise<unknown> =>
    (
      await pg.query(
        `SELECT (SELECT count(*) FROM intake WHERE client_id = $1::uuid)::int AS intakes, (SELECT count(*) FROM screening_result WHERE client_id = $1::uuid)::int AS screenings,
                (SELECT count(*) FROM outbox WHERE key = $1::text)::int AS outbox`,
        [clientId],
      )
    ).rows[0];

  it('screens a submitted intake in its transaction: ScreeningCompleted (ANTICOAG MODIFY ≤ P2, codes only) follows IntakeCompleted on intake.events.v1, keyed by client', async () => {
    const client = await registered();
    const intake = await submit(client.id, intakeBody(ANTICOAGULATED));

    const rows = await outboxFor(client.id);
    const types = rows.map((r) => r.type);
    const screeningAt = types.indexOf(ScreeningCompleted.type);
    expect(screeningAt).toBeGreaterThan(types.findIndex((t) => t.startsWith('massage.intake.IntakeCompleted.')));
    const [screening] = await screeningsOf(client.id);
    expect(screening).toMatchObject({ clientId: client.id, locationId: HOME, intakeId: intake.id, tableVersion: '2026.1', trigger: 'intake', outcome: 'modified', reAskEveryVisit: ['ANTICOAG'] });
    expect(screening?.restrictions).toEqual([expect.objectContaining({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2', regions: 'all' })]);
    expect(JSON.stringify(screening)).not.toMatch(/warfarin|MEDNAME|Ada|Lovelace|medications\.0/);

    // Publish this client's rows (only these) with a real relay, and read them back from the topic.
    const { expected, messages } = await relayClientEvents(app, pg, client.id);
    const published = messages.map((m) => m.headers['ce_type']);
    expect(published).toEqual(expected);
    expect(published.indexOf(ScreeningCompleted.type)).toBeGreaterThan(published.findIndex((t) => t?.startsWith('massage.intake.IntakeCompleted.')));
    const message = messages.find((m) => m.headers['ce_type'] === ScreeningCompleted.type);
    expect(JSON.parse(message?.value ?? 'null')).toEqual(screening);
  });

  it('uses the version in effect at the as-of instant: a later-effective version only from its date on', async () => {
    const later = ruleTableWithAnticoagCap('2099.1', '2099-01-01', 'P1');
    await http.post('/rule-tables').set(as('hq-admin')).set('idempotency-key', randomUUID()).send(later).expect(201);
    const client = await registered();
    await submit(client.id, intakeBody(ANTICOAGULATED));

    const recorder = app.get(ScreeningRecorder);
    const at = (asOf: string) =>
      app.get(DataSource).transaction((manager) => recorder.screenWithin(manager, { clientId: client.id, locationId: HOME, trigger: 'intake', correlationId: randomUUID(), asOf: new Date(asOf) }));
    const before = await at('2098-12-31T23:59:59.999Z');
    const after = await at('2099-01-01T00:00:00.000Z');
    expect({ version: before?.tableVersion, cap: before?.restrictions.find((r) => r.rule === 'ANTICOAG')?.maxPressure }).toEqual({ version: '2026.1', cap: 'P2' });
    expect({ version: after?.tableVersion, cap: after?.restrictions.find((r) => r.rule === 'ANTICOAG')?.maxPressure }).toEqual({ version: '2099.1', cap: 'P1' });
    expect((await screeningsOf(client.id)).map((s) => s.tableVersion)).toEqual(['2026.1', '2026.1', '2099.1']);
  });

  it("a re-screen reuses the latest intake's answers, its symptoms of today only on the UTC day it was submitted", async () => {
    const client = await registered();
    const intake = await submit(client.id, intakeBody({ symptomsToday: ['fever-last-48h'] }));
    const submitted = new Date(intake.submittedAt);
    const DAY_MS = 86_400_000;
    const endOfDay = new Date((Math.floor(submitted.getTime() / DAY_MS) + 1) * DAY_MS);
    const at = (asOf: Date) =>
      app.get(DataSource).transaction((manager) => app.get(ScreeningRecorder).screenWithin(manager, { clientId: client.id, locationId: HOME, trigger: 'clearance-recorded', correlationId: randomUUID(), asOf }));
    const sameDay = await at(submitted);
    expect({ outcome: sameDay?.outcome, fever: sameDay?.restrictions.map((r) => [r.rule, r.reScreenBy]) }).toEqual({ outcome: 'deferred', fever: [['FEVER', endOfDay.toISOString()]] });
    // A clearance recorded weeks later re-screens with the same intake: the fever it reported is stale.
    const later = await at(new Date(endOfDay.getTime() + 20 * DAY_MS));
    expect({ outcome: later?.outcome, restrictions: later?.restrictions }).toEqual({ outcome: 'cleared', restrictions: [] });
  });

  it('screens nothing for a client without an intake (no row, no event)', async () => {
    const client = await registered();
    const before = await counts(client.id);
    const stored = await app
      .get(DataSource)
      .transaction((manager) => app.get(ScreeningRecorder).screenWithin(manager, { clientId: client.id, locationId: HOME, trigger: 'clearance-recorded', correlationId: randomUUID(), asOf: new Date() }));
    expect(stored).toBeUndefined();
    expect(await counts(client.id)).toEqual(before);
    await http.get(`/locations/${HOME}/clients/${client.id}/screening`).set(as('location-manager')).expect(404);
  });

  describe('reading a screening', () => {
    let clientId: string;
    beforeAll(async () => {
      clientId = (await registered()).id;
      await submit(clientId, intakeBody(ANTICOAGULATED));
    });
    const audited = async (): Promise<unknown[]> =>
      (await pg.query(`SELECT actor_role, operation, resource_type, outcome FROM audit_record WHERE client_id = $1 AND operation LIKE 'screening%' ORDER BY seq`, [clientId])).rows;

    it('front desk gets the outcome only; managers the rules and restrictions; both reads audited', async () => {
      const desk = (await http.get(`/locations/${HOME}/clients/${clientId}/screening`).set(as('front-desk')).expect(200)).body as Record<string, unknown>;
      expect(Object.keys(desk).sort()).toEqual(['asOf', 'clientId', 'id', 'intakeId', 'locationId', 'outcome', 'tableVersion', 'trigger']);
      expect(desk['outcome']).toBe('modified');
      const manager = (await http.get(`/locations/${HOME}/clients/${clientId}/screening`).set(as('location-manager')).expect(200)).body as ScreeningResponse;
      expect(manager).toMatchObject({ ...desk, reAskEveryVisit: ['ANTICOAG'] });
      expect(manager.restrictions).toEqual([expect.objectContaining({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2', triggeredBy: ['medications.0'] })]);
      expect(await audited()).toEqual([
        { actor_role: 'front-desk', operation: 'screening-outcome.read', resource_type: 'screening', outcome: 'allowed' },
        { actor_role: 'location-manager', operation: 'screening.read', resource_type: 'screening', outcome: 'allowed' },
      ]);
    });

    it('a therapist reads the full result of a client in their care only', async () => {
      await http.get(`/locations/${HOME}/clients/${clientId}/screening`).set(as('therapist')).expect(403);
      await pg.query(`INSERT INTO care_relationship (therapist_subject, client_id, location_id) VALUES ($1, $2, $3)`, [actorOf('therapist').subject, clientId, HOME]);
      const res = (await http.get(`/locations/${HOME}/clients/${clientId}/screening`).set(as('therapist')).expect(200)).body as ScreeningResponse;
      expect(res.restrictions.map((r) => r.rule)).toEqual(['ANTICOAG']);
    });

    it('lists the history latest first, outcomes only for front desk', async () => {
      await app.get(DataSource).transaction((manager) => app.get(ScreeningRecorder).screenWithin(manager, { clientId, locationId: HOME, trigger: 'clearance-recorded', correlationId: randomUUID(), asOf: new Date() }));
      const full = (await http.get(`/locations/${HOME}/clients/${clientId}/screenings`).set(as('hq-admin')).expect(200)).body as ScreeningListResponse;
      expect(full.items.map((s) => s.trigger)).toEqual(['clearance-recorded', 'intake']);
      expect(full.items.every((s) => 'restrictions' in s)).toBe(true);
      const desk = (await http.get(`/locations/${HOME}/clients/${clientId}/screenings`).set(as('front-desk')).expect(200)).body as ScreeningListResponse;
      expect(desk.items.map((s) => s.id)).toEqual(full.items.map((s) => s.id));
      expect(desk.items.some((s) => 'restrictions' in s || 'reAskEveryVisit' in s)).toBe(false);
    });
  });

  describe('"anything changed?" before a visit', () => {
    it('refuses an update that leaves out a re-asked section, naming the field, changing nothing', async () => {
      const client = await registered();
      await submit(client.id, intakeBody(ANTICOAGULATED));
      const before = await counts(client.id);
      const res = await visitUpdate(client.id, { changed: false, answers: { symptomsToday: [] } });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      // ANTICOAG: the DVT questions (conditions) and the medications.
      expect(problemFields(res.body)).toEqual(['answers.conditions', 'answers.medications']);
      expect(await counts(client.id)).toEqual(before);
    });

    it('refuses an update without today\'s symptoms, naming the field', async () => {
      const client = await registered();
      await submit(client.id, intakeBody({}));
      const res = await visitUpdate(client.id, { changed: false, answers: {} });
      expect(res.status).toBe(400);
      expect(problemFields(res.body)).toContain('answers.symptomsToday');
    });

    it('creates a new intake version and a new screening in one transaction, once per Idempotency-Key', async () => {
      const client = await registered();
      const first = await submit(client.id, intakeBody(ANTICOAGULATED));
      const key = randomUUID();
      // The anticoagulant was stopped; today: a fever → no massage today. ANTICOAG re-asks the DVT questions (conditions) too.
      const body = { changed: true, answers: { symptomsToday: ['fever-last-48h'], medications: [], conditions: [] } };
      const res = await visitUpdate(client.id, body, key);
      expect(res.status).toBe(201);
      const { intake, screening } = res.body as { intake: IntakeResponse; screening: Record<string, unknown> };
      expect(intake).toMatchObject({ kind: 'visit-update', previousIntakeId: first.id, formVersion: first.formVersion, goals: first.goals, consent: first.consent });
      expect(intake.answers).toMatchObject({ medications: [], symptomsToday: ['fever-last-48h'], painAreas: first.answers.painAreas });
      expect(screening).toMatchObject({ intakeId: intake.id, trigger: 'visit-update', outcome: 'deferred' });
      expect(Object.keys(screening)).not.toContain('restrictions'); // taken by front desk: outcome only

      const rows = await outboxFor(client.id);
      const last = rows.slice(-2).map((r) => r.type);
      expect(last[1]).toBe(ScreeningCompleted.type);
      expect(rows.filter((r) => r.type.startsWith('massage.intake.IntakeCompleted.')).map((r) => r.payload['intakeId'])).toContain(intake.id);
      expect((await screeningsOf(client.id)).map((s) => [s.trigger, s.outcome])).toEqual([
        ['intake', 'modified'],
        ['visit-update', 'deferred'],
      ]);
      const audit = await pg.query(`SELECT operation, resource_id FROM audit_record WHERE client_id = $1 AND operation = 'intake.visit-update'`, [client.id]);
      expect(audit.rows).toEqual([{ operation: 'intake.visit-update', resource_id: intake.id }]);

      const before = await counts(client.id);
      const again = await visitUpdate(client.id, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(res.body);
      expect(await counts(client.id)).toEqual(before);
    });

    it('with nothing changed, copies the last answers (the re-asked ones answered again)', async () => {
      const client = await registered();
      const first = await submit(client.id, intakeBody({ ...ANTICOAGULATED, pregnancy: { weeks: 20, riskFactors: [] } }));
      const res = await visitUpdate(client.id, { changed: false, answers: { symptomsToday: [], conditions: first.answers.conditions, medications: first.answers.medications, pregnancy: { weeks: 22, riskFactors: [] } } });
      expect(res.status).toBe(201);
      const { intake } = res.body as { intake: IntakeResponse };
      expect(intake.answers).toEqual({ ...first.answers, pregnancy: { weeks: 22, riskFactors: [] }, symptomsToday: [] });
    });

    it('needs a valid consent (lapsed → 409 naming consent) and a previous intake (409), changing nothing', async () => {
      const client = await registered();
      await submit(client.id, intakeBody({}));
      const before = await counts(client.id);
      const service = app.get(UpdateBeforeVisitService);
      const command = { locationId: HOME, clientId: client.id, correlationId: randomUUID(), actor: actorOf('front-desk'), idempotencyKey: randomUUID(), update: { changed: false, answers: { symptomsToday: [] } } };
      const aYearLater = new Date(Date.now() + 366 * 86_400_000);
      await expect(service.update(command, aYearLater)).rejects.toMatchObject({ status: 409, response: { invalidParams: [expect.objectContaining({ name: 'consent' })] } });
      expect(await counts(client.id)).toEqual(before);

      const newcomer = await registered();
      const res = await visitUpdate(newcomer.id, { changed: false, answers: { symptomsToday: [] } });
      expect(res.status).toBe(409);
      expect(problemFields(res.body)).toEqual(['intake']);
    });
  });
});
