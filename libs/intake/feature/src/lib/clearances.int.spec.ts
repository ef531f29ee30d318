import { randomUUID } from 'node:crypto';
import { Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import {
  ClearanceExpired,
  ClearanceRecorded,
  ClearanceRequested,
  ClearanceRevoked,
  ClientContactRecorded,
  INTAKE_CLIENT_CONTACT_TOPIC,
  ScreeningCompleted,
  type ClearanceRecordedV1,
  type ClientContactRecordedV1,
  type ScreeningCompletedV1,
} from '@massage/contracts';
import type { ClearanceChangeResponse, ClearanceListResponse, ClearanceResponse, ClientResponse, RecordClearanceDirectRequest, SubmitIntakeRequest } from '@massage/intake-api';
import type { HealthAnswers } from '@massage/intake-domain';
import { OutboxRelay } from '@massage/messaging';
import { CLOCK, ManualClock, TIMER } from '@massage/platform';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Role } from '@massage/security';
import { ClearanceExpiryJob } from './clearances/clearance-expiry.job';
import { EraseClientContactService } from './commands/erase-client-contact/erase-client-contact.service';
import { ExpireClearancesService } from './commands/expire-clearances/expire-clearances.service';
import { IntakeModule } from './intake.module';
import { startIntakeTestApp } from './testing/intake-test-app';
import { actorOf, assertionHeaders, HOME, NO_ANSWERS, problemFields, relayClientEvents, type OutboxRow } from './testing/intake-spec-support';

jest.setTimeout(90_000);

const AWAY = 'uptown-ottawa';
const DAY = 86_400_000;
const keys = generateAssertionKeyPair('clearances-spec');
const as = assertionHeaders(keys.signer);
/** Cancer in active treatment: ONC_TX asks for a clearance before deep work (and caps pressure at P2). */
const IN_TREATMENT: Partial<HealthAnswers> = { conditions: [{ code: 'cancer', regions: [], qualifiers: ['active-treatment'], note: 'breast-NOTE' }] };
const intakeBody = (answers: Partial<HealthAnswers>): SubmitIntakeRequest => ({
  formVersion: 'intake-2026-11',
  answers: { ...NO_ANSWERS, ...answers },
  goals: ['less neck pain'],
  consent: { given: true, textVersion: 'consent-2026-11', signedName: 'Ada Lovelace', signedAt: new Date(Date.now() - 60_000).toISOString() },
});
/** The physician cleared ONC_TX's deep techniques everywhere, up to P2 (the letter's scope). */
const ONC_SCOPE = { techniques: ['deep-tissue', 'trigger-point', 'sports', 'myofascial-release'], sites: 'all', maxPressure: 'P2', documentRef: 'dms://letters/2026/000123' } as const;
const PROVIDER = 'Dr. Grace Hopper PROVIDERNAME';

describe('physician clearances in the intake service (PostgreSQL, outbox; Kafka for publication; a test clock)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;
  let quiet: jest.SpyInstance;
  // Whole seconds, near the real time (intake bodies are signed a minute before the real time, and intake takes
  // them by this clock).
  const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_clearances', keys.publicKeysJson, ['error'], (builder) =>
      builder.overrideProvider(CLOCK).useValue(clock).overrideProvider(TIMER).useValue(clock),
    ));
    http = request(app.getHttpServer());
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await app.get(ClearanceExpiryJob).idle();
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await close?.();
  });

  const registered = async (location = HOME): Promise<ClientResponse> =>
    (
      await http
        .post(`/locations/${location}/clients`)
        .set(as('front-desk', location))
        .set('idempotency-key', randomUUID())
        .send({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' })
        .expect(201)
    ).body as ClientResponse;
  const submit = async (clientId: string, answers: Partial<HealthAnswers>, location = HOME): Promise<void> => {
    const res = await http.post(`/locations/${location}/clients/${clientId}/intakes`).set(as('front-desk', location)).set('idempotency-key', randomUUID()).send(intakeBody(answers));
    expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
  };
  const clientInTreatment = async (): Promise<ClientResponse> => {
    const client = await registered();
    await submit(client.id, IN_TREATMENT);
    return client;
  };
  const base = (clientId: string, location = HOME) => `/locations/${location}/clients/${clientId}/clearances`;
  const requestClearance = (clientId: string, body: unknown, role: Role = 'location-manager', key = randomUUID()) =>
    http.post(base(clientId)).set(as(role)).set('idempotency-key', key).send(body as object);
  const recordDirect = (clientId: string, body: unknown, key = randomUUID(), location = HOME) =>
    http.post(`${base(clientId, location)}/recorded`).set(as('location-manager', location)).set('idempotency-key', key).send(body as object);
  /** A state change of one clearance (`record` or `revoke`), idempotent by key like every POST. */
  const transition = (clientId: string, clearanceId: string, action: 'record' | 'revoke', body: unknown, role: Role = 'location-manager', key = randomUUID()) =>
    http.post(`${base(clientId)}/${clearanceId}/${action}`).set(as(role)).set('idempotency-key', key).send(body as object);
  const letter = (change: Partial<RecordClearanceDirectRequest> = {}): RecordClearanceDirectRequest => ({ rules: ['ONC_TX'], providerName: PROVIDER, ...ONC_SCOPE, techniques: [...ONC_SCOPE.techniques], ...change });

  const outboxFor = async (clientId: string): Promise<OutboxRow[]> =>
    (await pg.query<OutboxRow>(`SELECT type, topic, key, payload FROM outbox WHERE key = $1 ORDER BY seq`, [clientId])).rows;
  const eventsOf = async (clientId: string, type: string): Promise<Record<string, unknown>[]> => (await outboxFor(clientId)).filter((r) => r.type === type).map((r) => r.payload);
  const screeningsOf = async (clientId: string): Promise<ScreeningCompletedV1[]> => (await eventsOf(clientId, ScreeningCompleted.type)) as unknown as ScreeningCompletedV1[];
  /** This client's events as they arrive on intake.events.v1: every one of its outbox rows there, in outbox order. */
  const publishedTypes = async (clientId: string): Promise<string[]> => {
    const { expected, messages } = await relayClientEvents(app, pg, clientId);
    const types = messages.map((m) => String(m.headers['ce_type']));
    expect(types).toEqual(expected);
    return types;
  };
  /** What a refused command must leave as it was (refusals add audit rows, by design: they are not counted). */
  const counts = async (): Promise<unknown> =>
    (
      await pg.query(
        `SELECT (SELECT count(*) FROM clearance)::int AS clearances, (SELECT count(*) FROM screening_result)::int AS screenings,
                (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS outbox, (SELECT count(*) FROM idempotency_key)::int AS keys,
                (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM clearance) AS states`,
      )
    ).rows[0];

  it('screens an intake as of the service clock, not the machine’s (the clock every clearance change uses)', async () => {
    const client = await clientInTreatment();
    const [first] = await screeningsOf(client.id);
    expect(first?.asOf).toBe(clock.now().toISOString());
  });

  it('requests a clearance from a named provider: the row keeps the provider, ClearanceRequested carries ids and codes only, nothing is re-screened', async () => {
    const client = await clientInTreatment();
    const [first] = await screeningsOf(client.id);
    expect(first).toMatchObject({ outcome: 'clearance-required' });

    const res = await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER, providerContact: 'fax +1 416 555 0100 CONTACT', techniques: ['deep-tissue'], sites: 'all' });
    expect(res.status).toBe(201);
    const clearance = res.body as ClearanceResponse;
    expect(clearance).toMatchObject({
      clientId: client.id,
      locationId: HOME,
      rules: ['ONC_TX'],
      status: 'requested',
      provider: { name: PROVIDER, contact: 'fax +1 416 555 0100 CONTACT' },
      request: { techniques: ['deep-tissue'], sites: 'all', maxPressure: null, at: clock.now().toISOString(), by: actorOf('location-manager').subject },
      scope: null,
      expiresAt: null,
    });

    const requested = await eventsOf(client.id, ClearanceRequested.type);
    expect(requested).toEqual([{ clearanceId: clearance.id, clientId: client.id, locationId: HOME, rules: ['ONC_TX'], techniques: ['deep-tissue'], sites: 'all', requestedAt: clock.now().toISOString() }]);
    expect(JSON.stringify(await outboxFor(client.id))).not.toMatch(/PROVIDERNAME|CONTACT|NOTE/);
    expect(await screeningsOf(client.id)).toHaveLength(1);
    const { rows } = await pg.query(`SELECT operation, outcome FROM audit_record WHERE resource_id = $1`, [clearance.id]);
    expect(rows).toEqual([{ operation: 'clearance.request', outcome: 'allowed' }]);

    await http.get(`${base(client.id)}/${clearance.id}`).set(as('location-manager')).expect(200, clearance);
    expect(((await http.get(base(client.id)).set(as('location-manager')).expect(200)).body as ClearanceListResponse).items).toEqual([clearance]);
  });

  it('a provider with an e-mail address reaches notification on the private contact topic only: the contact again, with the date of birth and the providers of open requests', async () => {
    const client = await clientInTreatment();
    const first = (await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER, providerContact: ' hopper@clinic.example ' }).expect(201)).body as ClearanceResponse;
    await requestClearance(client.id, { rules: ['ONC_TX'], providerName: 'Dr. Fax', providerContact: 'fax +1 416 555 0100' }).expect(201);
    const second = (await requestClearance(client.id, { rules: ['ONC_TX'], providerName: 'Dr. Mary Somerville', providerContact: 'somerville@clinic.example' }).expect(201)).body as ClearanceResponse;

    const contacts = (await outboxFor(client.id)).filter((r) => r.type === ClientContactRecorded.type);
    // The registration's, then one per request (the one to a fax still names the open request's e-mail).
    expect(contacts.map((r) => r.topic)).toEqual(Array(4).fill(INTAKE_CLIENT_CONTACT_TOPIC.name));
    const last = contacts.at(-1)?.payload as unknown as ClientContactRecordedV1;
    expect(last).toMatchObject({ clientId: client.id, dateOfBirth: client.dateOfBirth });
    // The requests share the test clock's instant: their order in the record is by id then.
    expect([...(last.clearanceProviders ?? [])].sort((a, b) => a.clearanceId.localeCompare(b.clearanceId))).toEqual(
      [
        { clearanceId: first.id, name: PROVIDER, email: 'hopper@clinic.example' },
        { clearanceId: second.id, name: 'Dr. Mary Somerville', email: 'somerville@clinic.example' },
      ].sort((a, b) => a.clearanceId.localeCompare(b.clearanceId)),
    );
    const publicRows = (await outboxFor(client.id)).filter((r) => r.topic !== INTAKE_CLIENT_CONTACT_TOPIC.name);
    expect(JSON.stringify(publicRows)).not.toMatch(/PROVIDERNAME|clinic\.example|Somerville/);
  });

  it('an erased client is not published again by a later request: no provider of theirs reaches notification', async () => {
    const client = await clientInTreatment();
    await app.get(EraseClientContactService).erase({ actor: actorOf('location-manager'), locationId: HOME, correlationId: randomUUID(), clientId: client.id, reason: 'client-request' });
    const contacts = async () => (await outboxFor(client.id)).filter((r) => r.type === ClientContactRecorded.type);
    const before = await contacts();
    await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER, providerContact: 'hopper@clinic.example' }).expect(201);
    expect(await contacts()).toEqual(before);
    expect(JSON.stringify(before)).not.toContain('clinic.example');
  });

  it('records the physician’s answer: ClearanceRecorded, then a ScreeningCompleted (clearance-recorded) whose ONC_TX clearance restriction is satisfied, in one transaction; published in that order', async () => {
    const client = await clientInTreatment();
    const asked = (await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER }).expect(201)).body as ClearanceResponse;

    const recordKey = randomUUID();
    const res = await transition(client.id, asked.id, 'record', ONC_SCOPE, 'location-manager', recordKey);
    expect(res.status).toBe(200);
    const { clearance, screening } = res.body as ClearanceChangeResponse;
    const expiresAt = new Date(clock.now().getTime() + 30 * DAY).toISOString(); // ONC_TX: 30 days by default
    expect(clearance).toMatchObject({ id: asked.id, status: 'recorded', recordedAt: clock.now().toISOString(), expiresAt, documentRef: ONC_SCOPE.documentRef });
    expect(clearance.scope).toEqual({ techniques: ONC_SCOPE.techniques, sites: 'all', maxPressure: 'P2', positioning: [] });
    expect(screening?.outcome).toBe('modified');

    const rows = await outboxFor(client.id);
    const types = rows.map((r) => r.type);
    expect(types.slice(-2)).toEqual([ClearanceRecorded.type, ScreeningCompleted.type]);
    const recorded = rows.at(-2)?.payload as unknown as ClearanceRecordedV1;
    expect(recorded).toEqual({
      clearanceId: asked.id,
      clientId: client.id,
      locationId: HOME,
      rules: ['ONC_TX'],
      techniques: ONC_SCOPE.techniques,
      sites: 'all',
      maxPressure: 'P2',
      positioning: [],
      requested: true,
      recordedAt: clock.now().toISOString(),
      expiresAt,
    });
    const after = rows.at(-1)?.payload as unknown as ScreeningCompletedV1;
    expect(after).toMatchObject({ screeningId: screening?.id, trigger: 'clearance-recorded', outcome: 'modified', asOf: clock.now().toISOString() });
    expect(after.restrictions.filter((r) => r.kind === 'CLEARANCE')).toEqual([expect.objectContaining({ rule: 'ONC_TX', satisfiedBy: asked.id })]);
    expect(JSON.stringify(rows)).not.toMatch(/PROVIDERNAME|dms:\/\//);

    const published = await publishedTypes(client.id);
    expect(published.slice(-2)).toEqual([ClearanceRecorded.type, ScreeningCompleted.type]);
    expect(published.filter((t) => t === ClearanceRequested.type)).toHaveLength(1);

    // A retry with the same key answers the first response and changes nothing; recording it again (a new key)
    // is refused: it is no longer requested.
    const before = await counts();
    const retried = await transition(client.id, asked.id, 'record', ONC_SCOPE, 'location-manager', recordKey);
    expect({ status: retried.status, body: retried.body as unknown }).toEqual({ status: 200, body: res.body as unknown });
    expect(await counts()).toEqual(before);
    const again = await transition(client.id, asked.id, 'record', ONC_SCOPE);
    expect(again.status).toBe(409);
    expect(problemFields(again.body)).toEqual(['status']);
    expect(await counts()).toEqual(before);
  });

  it('revokes a recorded clearance: ClearanceRevoked (reason code) and a re-screen in which the clearance counts as none', async () => {
    const client = await clientInTreatment();
    const { clearance } = (await recordDirect(client.id, letter()).expect(201)).body as ClearanceChangeResponse;
    expect(clearance.request).toBeNull();

    const revokeKey = randomUUID();
    const res = await transition(client.id, clearance.id, 'revoke', { reason: 'condition-changed' }, 'location-manager', revokeKey);
    expect(res.status).toBe(200);
    const revoked = res.body as ClearanceChangeResponse;
    expect(revoked.clearance).toMatchObject({ status: 'revoked', revokedAt: clock.now().toISOString(), revokedBy: actorOf('location-manager').subject, revokeReason: 'condition-changed' });
    expect(revoked.screening?.outcome).toBe('clearance-required');

    const rows = await outboxFor(client.id);
    expect(rows.slice(-2).map((r) => r.type)).toEqual([ClearanceRevoked.type, ScreeningCompleted.type]);
    expect(rows.at(-2)?.payload).toEqual({ clearanceId: clearance.id, clientId: client.id, locationId: HOME, rules: ['ONC_TX'], reason: 'condition-changed', revokedAt: clock.now().toISOString() });
    const after = rows.at(-1)?.payload as unknown as ScreeningCompletedV1;
    expect(after).toMatchObject({ trigger: 'clearance-revoked', outcome: 'clearance-required' });
    expect(after.restrictions.find((r) => r.kind === 'CLEARANCE')?.satisfiedBy).toBeUndefined();
    expect((await publishedTypes(client.id)).slice(-2)).toEqual([ClearanceRevoked.type, ScreeningCompleted.type]);

    // A retry with the same key answers the first response; a new revocation finds nothing left to revoke; a
    // revoked clearance never expires.
    const before = await counts();
    const retried = await transition(client.id, clearance.id, 'revoke', { reason: 'condition-changed' }, 'location-manager', revokeKey);
    expect({ status: retried.status, body: retried.body as unknown }).toEqual({ status: 200, body: res.body as unknown });
    expect(await counts()).toEqual(before);
    await transition(client.id, clearance.id, 'revoke', { reason: 'condition-changed' }).expect(409);
    expect(await app.get(ExpireClearancesService).expire(clearance, new Date(clock.now().getTime() + 365 * DAY))).toBe(false);
    expect(await eventsOf(client.id, ClearanceExpired.type)).toEqual([]);
    const { rows: audit } = await pg.query(`SELECT operation, outcome, reason FROM audit_record WHERE resource_id = $1 ORDER BY seq`, [clearance.id]);
    expect(audit).toEqual([
      { operation: 'clearance.record', outcome: 'allowed', reason: null },
      { operation: 'clearance.revoke', outcome: 'allowed', reason: null },
      { operation: 'clearance.revoke', outcome: 'refused', reason: 'wrong-state' },
    ]);
    expect(((await counts()) as { clearances: number }).clearances).toBe((before as { clearances: number }).clearances);
  });

  it('expires a clearance exactly once, at its instant: nothing before it, one ClearanceExpired and one re-screen at it, nothing from a second run or a second replica', async () => {
    const client = await clientInTreatment();
    const instant = new Date(clock.now().getTime() + 10 * 60_000);
    const { clearance } = (await recordDirect(client.id, letter({ expiresAt: instant.toISOString() })).expect(201)).body as ClearanceChangeResponse;
    expect(clearance.expiresAt).toBe(instant.toISOString());
    const job = app.get(ClearanceExpiryJob);
    // Recording armed the job for this clearance's instant (it runs with the service).
    expect(job.nextRunAt()?.getTime()).toBeLessThanOrEqual(instant.getTime());
    const expiredEvents = () => eventsOf(client.id, ClearanceExpired.type);
    const screeningCount = async () => (await screeningsOf(client.id)).length;
    const screeningsBefore = await screeningCount();

    clock.advanceTo(new Date(instant.getTime() - 1));
    await job.idle();
    expect(await expiredEvents()).toEqual([]);
    expect((await http.get(`${base(client.id)}/${clearance.id}`).set(as('location-manager')).expect(200)).body).toMatchObject({ status: 'recorded' });

    clock.advanceTo(instant);
    await job.idle();
    expect(await expiredEvents()).toEqual([{ clearanceId: clearance.id, clientId: client.id, locationId: HOME, rules: ['ONC_TX'], expiresAt: instant.toISOString(), expiredAt: instant.toISOString() }]);
    const screenings = await screeningsOf(client.id);
    expect(screenings).toHaveLength(screeningsBefore + 1);
    expect(screenings.at(-1)).toMatchObject({ trigger: 'clearance-expired', outcome: 'clearance-required', asOf: instant.toISOString() });
    expect((await http.get(`${base(client.id)}/${clearance.id}`).set(as('location-manager')).expect(200)).body).toMatchObject({ status: 'expired', expiredAt: instant.toISOString() });
    const { rows: audit } = await pg.query(`SELECT actor_subject, operation FROM audit_record WHERE resource_id = $1 AND operation = 'clearance.expire'`, [clearance.id]);
    expect(audit).toEqual([{ actor_subject: 'service:intake', operation: 'clearance.expire' }]);
    expect((await publishedTypes(client.id)).slice(-2)).toEqual([ClearanceExpired.type, ScreeningCompleted.type]);

    // A second run, and two replicas' runs at once, change nothing more.
    const before = await counts();
    const expire = app.get(ExpireClearancesService);
    await expire.runDue(clock.now());
    await Promise.all([expire.runDue(clock.now()), expire.runDue(clock.now())]);
    expect(await counts()).toEqual(before);
    expect(await expiredEvents()).toHaveLength(1);
  });

  it('two replicas due at once: one expiry, one event, one re-screen', async () => {
    const client = await clientInTreatment();
    const instant = new Date(clock.now().getTime() + 5 * 60_000);
    const { clearance } = (await recordDirect(client.id, letter({ expiresAt: instant.toISOString() })).expect(201)).body as ClearanceChangeResponse;
    const screeningsBefore = (await screeningsOf(client.id)).length;
    // Both replicas' runs start together, after the instant, before this replica's own timer fires.
    const expire = app.get(ExpireClearancesService);
    const results = await Promise.all([expire.expire(clearance, instant), expire.expire(clearance, instant)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await eventsOf(client.id, ClearanceExpired.type)).toHaveLength(1);
    expect(await screeningsOf(client.id)).toHaveLength(screeningsBefore + 1);
    clock.advanceTo(instant);
    await app.get(ClearanceExpiryJob).idle();
    expect(await eventsOf(client.id, ClearanceExpired.type)).toHaveLength(1);
  });

  it('a second intake replica (its own app and job on the same database): both jobs wake at the instant, one expiry; its job starts with it and stops on shutdown', async () => {
    const replicaClock = new ManualClock(clock.now());
    const moduleRef = await Test.createTestingModule({ imports: [IntakeModule] })
      .overrideProvider(OutboxRelay)
      .useValue({ start: async () => undefined, stop: async () => undefined })
      .overrideProvider(CLOCK)
      .useValue(replicaClock)
      .overrideProvider(TIMER)
      .useValue(replicaClock)
      .compile();
    const replica = await moduleRef.createNestApplication({ logger: ['error'] }).init();
    const replicaJob = replica.get(ClearanceExpiryJob);
    try {
      await replicaJob.idle();
      expect(replicaJob.nextRunAt()).toBeDefined();

      const client = await clientInTreatment();
      const instant = new Date(clock.now().getTime() + 2 * 60_000);
      await recordDirect(client.id, letter({ expiresAt: instant.toISOString() })).expect(201);
      // The replica did not record it: it learns of it at its sweep, which is after the instant here; poke it as
      // if its sweep had just found it, so both jobs wake at the instant.
      replicaJob.poke(instant);
      const screeningsBefore = (await screeningsOf(client.id)).length;
      clock.advanceTo(instant);
      replicaClock.advanceTo(instant);
      await Promise.all([app.get(ClearanceExpiryJob).idle(), replicaJob.idle()]);
      expect(await eventsOf(client.id, ClearanceExpired.type)).toHaveLength(1);
      expect(await screeningsOf(client.id)).toHaveLength(screeningsBefore + 1);
    } finally {
      await replica.close();
    }
    expect(replicaJob.nextRunAt()).toBeUndefined();
    expect(replicaClock.armed()).toEqual([]);
  });

  it('records a letter brought in without a request, once per Idempotency-Key; before any intake there is nothing to re-screen', async () => {
    const client = await registered();
    const key = randomUUID();
    const first = await recordDirect(client.id, letter(), key);
    expect(first.status).toBe(201);
    const body = first.body as ClearanceChangeResponse;
    expect(body).toMatchObject({ clearance: { status: 'recorded', request: null, provider: { name: PROVIDER, contact: null } }, screening: null });
    await recordDirect(client.id, letter(), key).expect(201, first.body);
    expect((await outboxFor(client.id)).map((r) => r.type).filter((t) => t.startsWith('massage.intake.Clearance'))).toEqual([ClearanceRecorded.type]);
    expect(await screeningsOf(client.id)).toEqual([]);
    // The first intake is screened with it.
    await submit(client.id, IN_TREATMENT);
    const [screening] = await screeningsOf(client.id);
    expect(screening).toMatchObject({ trigger: 'intake', outcome: 'modified' });
    expect(screening?.restrictions.find((r) => r.kind === 'CLEARANCE')?.satisfiedBy).toBe(body.clearance.id);
  });

  it('a therapist requests and records for a client in their care, not for others; only managers and HQ revoke', async () => {
    const client = await clientInTreatment();
    await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER }, 'therapist').expect(403);
    await pg.query(`INSERT INTO care_relationship (therapist_subject, client_id, location_id) VALUES ($1, $2, $3)`, [actorOf('therapist').subject, client.id, HOME]);
    const asked = (await requestClearance(client.id, { rules: ['ONC_TX'], providerName: PROVIDER }, 'therapist').expect(201)).body as ClearanceResponse;
    expect(asked.request?.by).toBe(actorOf('therapist').subject);
    const recorded = (await transition(client.id, asked.id, 'record', ONC_SCOPE, 'therapist').expect(200)).body as ClearanceChangeResponse;
    expect(recorded.clearance.recordedBy).toBe(actorOf('therapist').subject);
    await transition(client.id, asked.id, 'revoke', { reason: 'condition-changed' }, 'therapist').expect(403);
    await http.get(base(client.id)).set(as('front-desk')).expect(403);
  });

  describe('bad input is refused with problem+json naming the field (or 404), and writes nothing', () => {
    let clientId: string;
    let requestedId: string;
    beforeAll(async () => {
      clientId = (await clientInTreatment()).id;
      requestedId = ((await requestClearance(clientId, { rules: ['ONC_TX'], providerName: PROVIDER }).expect(201)).body as ClearanceResponse).id;
    });

    const refusedWith = async (res: request.Response, status: number, field?: string): Promise<void> => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (field) expect(problemFields(res.body)).toContain(field);
    };

    it.each([
      ['an unknown rule', { rules: ['ONC_TX', 'NOPE'] }, 'rules.1'],
      ['a rule that needs no clearance', { rules: ['FEVER'] }, 'rules.0'],
      ['a pressure of P9', { maxPressure: 'P9' }, 'maxPressure'],
      ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      ['an expiry beyond the rule’s validity (ONC_TX: 30 days)', { expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAt'],
      ['an unknown technique', { techniques: ['reiki'] }, 'techniques'],
    ])('a letter with %s', async (_label, change, field) => {
      const before = await counts();
      await refusedWith(await recordDirect(clientId, { ...letter(), ...change }), 400, field);
      expect(await counts()).toEqual(before);
    });

    it('a request naming an unknown rule', async () => {
      const before = await counts();
      await refusedWith(await requestClearance(clientId, { rules: ['NOPE'], providerName: PROVIDER }), 400, 'rules.0');
      expect(await counts()).toEqual(before);
    });

    it('recording a request with an expiry in the past, or P9', async () => {
      const before = await counts();
      await refusedWith(await transition(clientId, requestedId, 'record', { ...ONC_SCOPE, expiresAt: new Date(clock.now().getTime() - 1000).toISOString() }), 400, 'expiresAt');
      await refusedWith(await transition(clientId, requestedId, 'record', { ...ONC_SCOPE, maxPressure: 'P9' }), 400, 'maxPressure');
      expect(await counts()).toEqual(before);
    });

    it('another location’s client, or its clearance under one’s own client: 404', async () => {
      const away = await registered(AWAY);
      const awayClearance = ((await recordDirect(away.id, letter(), randomUUID(), AWAY).expect(201)).body as ClearanceChangeResponse).clearance;
      const before = await counts();
      await refusedWith(await requestClearance(away.id, { rules: ['ONC_TX'], providerName: PROVIDER }), 404);
      await refusedWith(await recordDirect(away.id, letter()), 404);
      await refusedWith(await transition(clientId, awayClearance.id, 'record', ONC_SCOPE), 404);
      await refusedWith(await transition(clientId, awayClearance.id, 'revoke', { reason: 'recorded-in-error' }), 404);
      await refusedWith(await http.get(`${base(clientId)}/${awayClearance.id}`).set(as('location-manager')), 404);
      await refusedWith(await http.get(base(away.id)).set(as('location-manager')), 404);
      expect(await counts()).toEqual(before);
    });
  });
});
