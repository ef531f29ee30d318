import { randomUUID } from 'node:crypto';
import { Logger, type INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair } from '@massage/platform-security';
import { ClientContactErased, ClientContactRecorded, ClientRegistered, IntakeCompleted, IntakeCompletedV2Event, INTAKE_CLIENT_CONTACT_TOPIC, INTAKE_EVENTS_TOPIC, ScreeningCompleted } from '@massage/contracts';
import { findConsentText } from '@massage/intake-domain';
import { exampleSubmitIntakeRequest, type ClientResponse, type IntakeListResponse, type IntakeResponse, type RegisterClientRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { startIntakeTestApp } from './testing/intake-test-app';

jest.setTimeout(30_000);

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}
interface Problem {
  status: number;
  'invalid-params'?: { name: string; reason: string }[];
}

/** xs[i], failing the test when it is missing (instead of a non-null assertion). */
function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`expected an element at ${i}, got ${xs.length} elements`);
  return x;
}

const LOCATION = 'downtown-toronto';
const OTHER_LOCATION = 'uptown-ottawa';

const registration: RegisterClientRequest = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+14165550123',
  preferredChannel: 'email',
  dateOfBirth: '1985-12-10',
};

const submission = (): SubmitIntakeRequest => {
  const body = exampleSubmitIntakeRequest(new Date(Date.now() - 60_000).toISOString());
  body.answers = {
    conditions: [
      { code: 'osteoporosis', regions: [], qualifiers: [], diagnosedOn: '2019-04-01', note: 'diagnosed-2019-NOTE' },
      { code: 'hypertension', regions: [], qualifiers: ['controlled'] },
    ],
    surgeries: [{ on: '2026-01-15', sites: ['left-knee'], note: 'arthroscopy-DESC' }],
    fractures: [],
    devices: [],
    medications: [{ class: 'anticoagulant', name: 'warfarin-MEDNAME' }],
    symptomsToday: ['headache'],
    painAreas: [
      { region: 'lower-back', rating: 7 },
      { region: 'neck', rating: 3 },
    ],
    pressurePreference: 'P3',
  };
  body.goals = ['sit-through-workday-GOAL'];
  return body;
};
const withAnswers = (change: Record<string, unknown>): unknown => ({ ...submission(), answers: { ...submission().answers, ...change } });

const CORRELATION = '0e2d7c4a-3b5f-4f61-9a0e-7c1d2b3a4f50';

/** The gateway's side of the trust: a key pair whose public half intake is given, and a manager's assertion per location. */
const assertionKeys = generateAssertionKeyPair('intake-spec');
const asserted = (locationId: string): Record<string, string> => ({
  [GATEWAY_ASSERTION_HEADER]: assertionKeys.signer.sign({ subject: `manager@${locationId}`, role: 'location-manager', locationId }, 'intake'),
});

describe('intake service (PostgreSQL, outbox; relay off)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake', assertionKeys.publicKeysJson));
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await close?.();
  });

  // Domain rows and events; refused and failed attempts still leave audit rows (and their audit.v1 copies), by design.
  const counts = async (): Promise<{ clients: number; intakes: number; outbox: number }> => {
    const { rows } = await pg.query<{ clients: number; intakes: number; outbox: number }>(
      `SELECT (SELECT count(*) FROM client)::int AS clients, (SELECT count(*) FROM intake)::int AS intakes, (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS outbox`,
    );
    return nth(rows, 0);
  };
  const outboxFor = async (clientId: string): Promise<OutboxRow[]> =>
    (await pg.query<OutboxRow>(`SELECT id, topic, key, type, headers, payload FROM outbox WHERE key = $1 ORDER BY seq`, [clientId])).rows;

  const register = (body: unknown, location = LOCATION, headers: Record<string, string> = {}) =>
    http.post(`/locations/${location}/clients`).set(asserted(location)).set('idempotency-key', randomUUID()).set(headers).send(body as object);
  const submit = (clientId: string, body: unknown, location = LOCATION) =>
    http
      .post(`/locations/${location}/clients/${clientId}/intakes`)
      .set('idempotency-key', randomUUID())
      .set(asserted(location))
      .send(body as object);
  const registered = async (): Promise<ClientResponse> => {
    const res = await register(registration);
    expect(res.status).toBe(201);
    return res.body as ClientResponse;
  };

  it('answers /health/ready with the database up and the messaging detail; /health/live and /health too', async () => {
    const res = await http.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ database: 'up', kafka: 'up' });
    expect(res.body).toHaveProperty('outbox'); // the relay is a stub here: its detail is not checked
    await http.get('/health').expect(200);
    await http.get('/health/live').expect(200, { status: 'ok' });
  });

  it('registers a client: the row plus ClientRegistered and ClientContactRecorded in the outbox, sharing the correlation id', async () => {
    const res = await register(registration, LOCATION, { 'x-correlation-id': CORRELATION });
    expect(res.status).toBe(201);
    const client = res.body as ClientResponse;
    expect(client).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      locationId: LOCATION,
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14165550123',
      preferredChannel: 'email',
      dateOfBirth: '1985-12-10',
      registeredAt: expect.any(String),
    });

    const { rows } = await pg.query('SELECT location_id, given_name, date_of_birth::text AS dob FROM client WHERE id = $1', [client.id]);
    expect(rows).toEqual([{ location_id: LOCATION, given_name: 'Ada', dob: '1985-12-10' }]);

    const outbox = await outboxFor(client.id);
    expect(outbox.map((r) => [r.type, r.topic])).toEqual([
      [ClientRegistered.type, INTAKE_EVENTS_TOPIC.name],
      [ClientContactRecorded.type, INTAKE_CLIENT_CONTACT_TOPIC.name],
    ]);
    expect(nth(outbox, 0).payload).toEqual({ clientId: client.id, locationId: LOCATION, registeredAt: client.registeredAt, preferredChannel: 'email' });
    expect(nth(outbox, 1).payload).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', phone: '+14165550123', dateOfBirth: '1985-12-10' });
    for (const row of outbox) {
      expect(row.headers).toMatchObject({ ce_source: '/massage/intake', ce_subject: client.id, ce_correlationid: CORRELATION });
    }

    await http.get(`/locations/${LOCATION}/clients/${client.id}`).set(asserted(LOCATION)).expect(200, client);
  });

  it('without x-correlation-id, one new correlation id is shared by the registration events', async () => {
    const client = await registered();
    const outbox = await outboxFor(client.id);
    expect(outbox).toHaveLength(2);
    expect(nth(outbox, 0).headers['ce_correlationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(nth(outbox, 1).headers['ce_correlationid']).toBe(nth(outbox, 0).headers['ce_correlationid']);
  });

  it('refuses a correlation id that is not a uuid (it would travel on public topics) and writes nothing', async () => {
    const before = await counts();
    const res = await register(registration, LOCATION, { 'x-correlation-id': 'lovelace-ada-warfarin' });
    expect(res.status).toBe(400);
    expect(res.body['invalid-params']).toEqual([{ name: 'x-correlation-id', reason: 'header x-correlation-id must be a uuid' }]);
    expect(await counts()).toEqual(before);
  });

  it('submits a form v2 intake: the row (answers, consent text pinned by hash, valid a year) and IntakeCompleted v1 and v2, codes only', async () => {
    const client = await registered();
    const body = submission();
    const res = await submit(client.id, body);
    expect(res.status).toBe(201);
    const intake = res.body as IntakeResponse;
    const validUntil = new Date(body.consent.signedAt);
    validUntil.setUTCFullYear(validUntil.getUTCFullYear() + 1);
    expect(intake).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: client.id,
      locationId: LOCATION,
      formVersion: 'intake-2026-11',
      kind: 'full',
      previousIntakeId: null,
      submittedAt: expect.any(String),
      answers: body.answers,
      goals: body.goals,
      consent: {
        given: true,
        textVersion: 'consent-2026-11',
        textHash: findConsentText('consent-2026-11')?.hash,
        signedName: 'Ada Lovelace',
        signedAt: body.consent.signedAt,
        validUntil: validUntil.toISOString(),
      },
    });
    expect(intake.consent.textHash).toMatch(/^[0-9a-f]{64}$/);

    const { rows } = await pg.query(
      `SELECT form_version, kind, answers, health_history, pressure_preference, consent_text_version, consent_text_hash, consent_valid_until FROM intake WHERE id = $1`,
      [intake.id],
    );
    expect(rows).toEqual([
      {
        form_version: 'intake-2026-11',
        kind: 'full',
        answers: body.answers,
        health_history: null,
        pressure_preference: null,
        consent_text_version: 'consent-2026-11',
        consent_text_hash: intake.consent.textHash,
        consent_valid_until: validUntil,
      },
    ]);

    const outbox = await outboxFor(client.id);
    // The intake is screened in the same transaction (screening.int.spec.ts covers ScreeningCompleted).
    expect(outbox.map((r) => r.type)).toEqual([ClientRegistered.type, ClientContactRecorded.type, IntakeCompleted.type, IntakeCompletedV2Event.type, ScreeningCompleted.type]);
    const [v1, v2] = [nth(outbox, 2), nth(outbox, 3)];
    expect([v1.topic, v2.topic]).toEqual([INTAKE_EVENTS_TOPIC.name, INTAKE_EVENTS_TOPIC.name]);
    expect(v2.payload).toEqual({
      intakeId: intake.id,
      clientId: client.id,
      locationId: LOCATION,
      formVersion: 'intake-2026-11',
      kind: 'full',
      previousIntakeId: null,
      completedAt: intake.submittedAt,
      consentTextVersion: 'consent-2026-11',
      consentValidUntil: validUntil.toISOString(),
      conditions: [
        { code: 'osteoporosis', regions: [], qualifiers: [] },
        { code: 'hypertension', regions: [], qualifiers: ['controlled'] },
      ],
      medicationClasses: ['anticoagulant'],
      symptomsToday: ['headache'],
      pregnancy: null,
      surgeries: [{ on: '2026-01-15', sites: ['left-knee'] }],
      fractures: [],
      devices: [],
      painReports: body.answers.painAreas,
      pressurePreference: 'P3',
    });
    // v1, deprecated, mapped back from v2 (ADR 0011); the surgery is older than 12 weeks.
    expect(v1.payload).toEqual({
      intakeId: intake.id,
      clientId: client.id,
      locationId: LOCATION,
      formVersion: 'intake-2026-11',
      completedAt: intake.submittedAt,
      consentGivenAt: body.consent.signedAt,
      conditionCodes: ['osteoporosis', 'cardiovascular-disease'],
      medicationCodes: ['anticoagulant'],
      recentInjuryOrSurgery: false,
      painReports: body.answers.painAreas,
      pressurePreference: 'medium',
      goalCount: 1,
    });
    expect(v1.headers['ce_correlationid']).toBe(v2.headers['ce_correlationid']);
    expect(JSON.stringify([v1, v2])).not.toMatch(/Ada|Lovelace|example\.com|\+1416|NOTE|MEDNAME|DESC|GOAL|2019-04-01/);

    await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes/${intake.id}`).set(asserted(LOCATION)).expect(200, intake);
  });

  it("lists a client's intakes latest first, each naming the one it follows", async () => {
    const client = await registered();
    const first = (await submit(client.id, submission())).body as IntakeResponse;
    const second = (await submit(client.id, submission())).body as IntakeResponse;
    expect([first.previousIntakeId, second.previousIntakeId]).toEqual([null, first.id]);
    const res = await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes`).set(asserted(LOCATION)).expect(200);
    expect((res.body as IntakeListResponse).items.map((i) => i.id)).toEqual([second.id, first.id]);
    const { rows } = await pg.query(`SELECT payload->>'previousIntakeId' AS previous FROM outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [client.id, IntakeCompletedV2Event.type]);
    expect(rows).toEqual([{ previous: null }, { previous: first.id }]);
  });

  describe('refuses bad requests with 400 problem+json naming the field, writing nothing', () => {
    let clientId: string;
    beforeAll(async () => {
      clientId = (await registered()).id;
    });

    const cases: [string, () => request.Test, string][] = [
      ['unknown field on registration', () => register({ ...registration, nickname: 'Countess' }), 'nickname'],
      ['wrong type on registration', () => register({ ...registration, givenName: 42 }), 'givenName'],
      ['no email and no phone', () => register({ ...registration, email: undefined, phone: undefined }), 'email'],
      ['sms without a phone', () => register({ ...registration, phone: undefined, preferredChannel: 'sms' }), 'phone'],
      ['impossible date of birth', () => register({ ...registration, dateOfBirth: '1985-02-30' }), 'dateOfBirth'],
      ['unknown form version', () => submit(clientId, { ...submission(), formVersion: 'intake-2099-01' }), 'formVersion'],
      ['retired form version (v1)', () => submit(clientId, { ...submission(), formVersion: '2026.1' }), 'formVersion'],
      [
        'a v1 body',
        () =>
          submit(clientId, { formVersion: '2026.1', conditions: [], medications: [], recentInjuryOrSurgery: { present: false }, painAreas: [], goals: ['x'], pressurePreference: 'medium', consent: submission().consent }),
        'formVersion',
      ],
      ['unknown nested field on intake', () => submit(clientId, { ...submission(), consent: { ...submission().consent, witness: 'x' } }), 'consent.witness'],
      ['wrong type on intake', () => submit(clientId, { ...submission(), goals: 'relief' }), 'goals'],
      ['missing consent', () => submit(clientId, { ...submission(), consent: undefined }), 'consent'],
      ['consent not given', () => submit(clientId, { ...submission(), consent: { ...submission().consent, given: false } }), 'consent.given'],
      ['an unknown consent text', () => submit(clientId, { ...submission(), consent: { ...submission().consent, textVersion: 'consent-1999' } }), 'consent.textVersion'],
      ['a consent signed over a year ago', () => submit(clientId, { ...submission(), consent: { ...submission().consent, signedAt: '2020-01-01T00:00:00Z' } }), 'consent.signedAt'],
      ['pain rating 11', () => submit(clientId, withAnswers({ painAreas: [{ region: 'neck', rating: 11 }] })), 'answers.painAreas.0.rating'],
      [
        'the same region twice',
        () =>
          submit(
            clientId,
            withAnswers({
              painAreas: [
                { region: 'neck', rating: 1 },
                { region: 'neck', rating: 2 },
              ],
            }),
          ),
        'answers.painAreas.1.region',
      ],
      ['pregnancy weeks 46', () => submit(clientId, withAnswers({ pregnancy: { weeks: 46, riskFactors: [] } })), 'answers.pregnancy.weeks'],
      ['a body region that does not exist', () => submit(clientId, withAnswers({ conditions: [{ code: 'varicose-veins', regions: ['tail'], qualifiers: [] }] })), 'answers.conditions.0.regions'],
      // Refused by the domain rules (after the DTO): they need the whole answer or a clock.
      ['a surgery in the future', () => submit(clientId, withAnswers({ surgeries: [{ on: '2999-01-01', sites: ['neck'] }] })), 'answers.surgeries.0.on'],
      ['a radiation field without a region', () => submit(clientId, withAnswers({ conditions: [{ code: 'radiation-field', regions: [], qualifiers: [] }] })), 'answers.conditions.0.regions'],
      [
        'a treatment that ends before it starts',
        () => submit(clientId, withAnswers({ conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2026-05-01', treatmentEndedOn: '2026-04-01' }] })),
        'answers.conditions.0.treatmentEndedOn',
      ],
      ['a qualifier the condition does not offer', () => submit(clientId, withAnswers({ conditions: [{ code: 'osteoporosis', regions: [], qualifiers: ['in-flare'] }] })), 'answers.conditions.0.qualifiers.0'],
    ];

    it.each(cases)('%s', async (_, send, field) => {
      const before = await counts();
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(((res.body as Problem)['invalid-params'] ?? []).map((p) => p.name)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('a body that is not JSON', async () => {
      const before = await counts();
      const res = await http.post(`/locations/${LOCATION}/clients`).set(asserted(LOCATION)).set('content-type', 'application/json').send('{"givenName":');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await counts()).toEqual(before);
    });
  });

  it("answers 404 for another location's client, on every route, and writes nothing", async () => {
    const client = await registered();
    const intake = (await submit(client.id, submission())).body as IntakeResponse;
    const before = await counts();
    // Another location's manager, on their own location's path, naming this location's ids.
    const other = (path: string) => http.get(`/locations/${OTHER_LOCATION}${path}`).set(asserted(OTHER_LOCATION));
    for (const res of [
      await other(`/clients/${client.id}`),
      await other(`/clients/${client.id}/intakes`),
      await other(`/clients/${client.id}/intakes/${intake.id}`),
      await submit(client.id, submission(), OTHER_LOCATION),
      await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes/${intake.id.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`).set(asserted(LOCATION)),
      await http.get(`/locations/${LOCATION}/clients/not-a-uuid`).set(asserted(LOCATION)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await counts()).toEqual(before);
  });

  it('writes nothing when the transaction fails half-way (the second outbox row)', async () => {
    const writer = app.get(OutboxWriter);
    const original = writer.enqueue.bind(writer);
    let calls = 0;
    const spy = jest.spyOn(writer, 'enqueue').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('broker of doom');
      return original(...args);
    });
    const quiet = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const before = await counts();
      const res = await register({ ...registration, email: 'half-way@example.com' });
      expect(res.status).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
    }
  });

  describe('erasing a client’s contact details (ADR 0010)', () => {
    const erase = (clientId: string, body: unknown, location = LOCATION) =>
      http.post(`/locations/${location}/clients/${clientId}/contact-erasure`).set(asserted(location)).send(body as object);
    const erasureAudit = async (clientId: string): Promise<unknown[]> =>
      (await pg.query(`SELECT outcome, reason FROM audit_record WHERE client_id = $1 AND operation = 'client.erase-contact' ORDER BY seq`, [clientId])).rows;

    it('drops e-mail and phone, keeps name, birth date and intakes, replaces the published contact with a tombstone, and audits it', async () => {
      const client = await registered();
      expect((await submit(client.id, submission())).status).toBe(201);
      // As the relay would have done by now: the contact is on the topic, its row kept for the retention.
      await pg.query(`UPDATE outbox SET published_at = now() WHERE key = $1`, [client.id]);

      const res = await erase(client.id, { reason: 'client-request' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: client.id, givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1985-12-10', email: null, phone: null });
      const [row] = (await pg.query(`SELECT email, phone, given_name, contact_erased_at FROM client WHERE id = $1`, [client.id])).rows;
      expect(row).toMatchObject({ email: null, phone: null, given_name: 'Ada' });
      expect(row.contact_erased_at).toBeInstanceOf(Date);
      expect((await pg.query(`SELECT count(*)::int AS n FROM intake WHERE client_id = $1`, [client.id])).rows).toEqual([{ n: 1 }]);

      const events = await outboxFor(client.id);
      expect(events.map((e) => e.type)).not.toContain(ClientContactRecorded.type);
      expect(events.filter((e) => e.type === ClientContactErased.type)).toEqual([
        expect.objectContaining({ topic: INTAKE_CLIENT_CONTACT_TOPIC.name, key: client.id, payload: null }),
      ]);
      expect(JSON.stringify(events)).not.toContain('ada@example.com');
      expect(await erasureAudit(client.id)).toEqual([{ outcome: 'allowed', reason: 'client-request' }]);
    });

    it('answers 404 for another location’s client, erases nothing and audits the refusal', async () => {
      const client = await registered();
      const before = await counts();
      const res = await erase(client.id, { reason: 'client-request' }, OTHER_LOCATION);
      expect(res.status).toBe(404);
      expect(await counts()).toEqual(before);
      expect((await pg.query(`SELECT email FROM client WHERE id = $1`, [client.id])).rows).toEqual([{ email: 'ada@example.com' }]);
      expect(await erasureAudit(client.id)).toEqual([{ outcome: 'refused', reason: 'not-found' }]);
    });

    it('refuses a request without a known reason with 400 naming the field', async () => {
      const client = await registered();
      const res = await erase(client.id, { reason: 'because' });
      expect(res.status).toBe(400);
      expect((res.body as Problem)['invalid-params']?.map((p) => p.name)).toEqual(['reason']);
    });
  });
});
