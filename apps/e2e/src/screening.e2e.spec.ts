import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { collectTopic, createTestDatabase, testKafka, uniqueName, waitFor, type CollectedMessage, type TestDatabase, type TopicCollector } from '@massage/testing';
import { INTAKE_EVENTS_TOPIC, ScreeningCompleted, type ScreeningCompletedV1, type ScreeningRestrictionV1 } from '@massage/contracts';
import { exampleSubmitIntakeRequest, type ClearanceChangeResponse, type ClearanceResponse, type RuleTableVersionListResponse, type RuleTableVersionResponse, type SubmitIntakeRequest } from '@massage/intake-api';
import { freePort, GatewayKeys, waitForMessage } from './support/gateway-stack';
import { ServiceProcess } from './support/service-process';

/**
 * Contraindication screening end to end (issue 7), on the built gateway and intake as real processes: an intake
 * submitted through the gateway is screened and ScreeningCompleted reaches intake.events.v1 with its restrictions; a
 * clearance recorded through the gateway re-screens the client; an unknown form version and a malformed rule table are
 * refused at the gateway naming the field, and change nothing; hq-admin publishes a later rule-table version.
 */
describe('screening: intake and clearances through the gateway to ScreeningCompleted', () => {
  const keys = new GatewayKeys();
  const location = 'e2e-scr-' + Math.random().toString(36).slice(2, 8);
  let intakeDb: TestDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let events: TopicCollector;
  const tokens: Record<'frontDesk' | 'manager' | 'therapist' | 'hq', string> = { frontDesk: '', manager: '', therapist: '', hq: '' };
  /** The client screened in the first test, whose clearance the second records. */
  let client = '';

  beforeAll(async () => {
    const { brokers } = await testKafka();
    events = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name, { fromBeginning: false });
    intakeDb = await createTestDatabase('e2e_screening_intake');
    const intakeEnv = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      DB_NAME: intakeDb.name,
      PGHOST: intakeDb.options.host,
      PGPORT: String(intakeDb.options.port),
      PGUSER: intakeDb.options.user,
      AUTH_ASSERTION_PUBLIC_KEYS: keys.publicKeys,
    };
    await ServiceProcess.runOnce('intake', ['migrate'], intakeEnv);
    // Nobody opens this run's location in scheduling here: intake accepts its code (ADR 0014's transition switch), in a
    // consumer group of its own (never the stack's `intake`).
    const intake = new ServiceProcess('intake', await freePort(), { ...intakeEnv, KNOWN_LOCATIONS_ENFORCED: 'false', INTAKE_GROUP_ID: uniqueName('e2e-intake') });
    // No notification here: its URL points at the discard port, never at a shared stack's notification (:3004).
    gateway = new ServiceProcess('gateway', await freePort(), { ...keys.gatewayEnv(), INTAKE_URL: intake.url, NOTIFICATION_URL: 'http://127.0.0.1:9' });
    services = [intake, gateway];
    await Promise.all(services.map((s) => s.start()));
    tokens.frontDesk = await keys.token('front-desk', location);
    tokens.manager = await keys.token('location-manager', location, `manager@${location}`);
    tokens.therapist = await keys.token('therapist', location);
    tokens.hq = await keys.token('hq-admin');
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await events?.stop();
    await intakeDb?.drop();
  });

  /** A call through the gateway; a POST carries a new Idempotency-Key unless a retry names one. */
  const call = (path: string, token: string, body?: unknown, idempotencyKey = randomUUID()): Promise<Response> =>
    fetch(`${gateway.url}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(body === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const clients = `/locations/${location}/clients`;
  const json = async <T>(res: Response, status: number): Promise<T> => {
    const body = (await res.json()) as T;
    expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
    return body;
  };
  const problemFields = (body: unknown): string[] => ((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name);
  const screenings = (clientId: string, trigger: ScreeningCompletedV1['trigger']) => (m: CollectedMessage) =>
    m.key === clientId && m.headers['ce_type'] === ScreeningCompleted.type && (JSON.parse(m.value ?? '{}') as ScreeningCompletedV1).trigger === trigger;
  const payloadOf = (m: CollectedMessage): ScreeningCompletedV1 => JSON.parse(m.value ?? 'null') as ScreeningCompletedV1;
  const restriction = (r: Partial<ScreeningRestrictionV1>) => expect.objectContaining(r) as unknown;

  async function register(givenName: string): Promise<string> {
    const res = await call(clients, tokens.frontDesk, { givenName, familyName: 'E2e', email: `${uniqueName(givenName.toLowerCase())}@example.com`, preferredChannel: 'email', dateOfBirth: '1980-02-02' });
    return (await json<{ id: string }>(res, 201)).id;
  }

  it('screens an intake submitted through the gateway: ScreeningCompleted on intake.events.v1 with one restriction of each kind', async () => {
    client = await register('Ada');
    const intake: SubmitIntakeRequest = exampleSubmitIntakeRequest(new Date().toISOString(), 'Ada E2e');
    intake.answers = {
      ...intake.answers,
      symptomsToday: ['fever-last-48h'],
      devices: [{ kind: 'port', sites: ['chest'], placedOn: utcDay(-200) }],
      surgeries: [{ on: utcDay(-21), sites: ['right-knee'], note: 'arthroscopy, left the clinic on crutches' }],
      medications: [{ class: 'anticoagulant', name: 'warfarin' }],
    };
    const submitted = await json<{ id: string }>(await call(`${clients}/${client}/intakes`, tokens.frontDesk, intake), 201);

    const event = await waitForMessage(events, screenings(client, 'intake'), 'ScreeningCompleted of the intake');
    const screened = payloadOf(event);
    expect(screened).toMatchObject({ clientId: client, locationId: location, intakeId: submitted.id, tableVersion: '2026.1', outcome: 'deferred' });
    expect(screened.restrictions).toEqual(
      expect.arrayContaining([
        restriction({ rule: 'FEVER', kind: 'ABSOLUTE', regions: 'all', techniques: 'all' }),
        restriction({ rule: 'ONC_PORT', kind: 'LOCAL', regions: ['chest'], maxPressure: 'none' }),
        restriction({ rule: 'SURG', kind: 'LOCAL', regions: ['right-knee'] }),
        restriction({ rule: 'SURG', kind: 'CLEARANCE', regions: ['right-knee'] }),
        restriction({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2' }),
      ]),
    );
    expect(screened.restrictions.find((r) => r.kind === 'CLEARANCE')?.satisfiedBy).toBeUndefined();
    expect(event.value).not.toMatch(/warfarin|arthroscopy|crutches|Ada/);

    // Front desk sees the outcome only; the manager the rules behind it; a therapist without the client in care nothing.
    const outcome = await json<Record<string, unknown>>(await call(`${clients}/${client}/screening`, tokens.frontDesk), 200);
    expect(outcome).toMatchObject({ id: screened.screeningId, outcome: 'deferred', tableVersion: '2026.1' });
    expect(outcome).not.toHaveProperty('restrictions');
    const full = await json<{ restrictions: { rule: string; kind: string }[] }>(await call(`${clients}/${client}/screening`, tokens.manager), 200);
    expect(full.restrictions.map((r) => `${r.rule} ${r.kind}`).sort()).toEqual(screened.restrictions.map((r) => `${r.rule} ${r.kind}`).sort());
    expect((await call(`${clients}/${client}/screening`, tokens.therapist)).status).toBe(403);
  });

  it('records a clearance through the gateway: a new ScreeningCompleted with the clearance satisfied, the LOCAL and ABSOLUTE rules kept', async () => {
    expect(client).not.toBe('');
    const requested = await json<ClearanceResponse>(
      await call(`${clients}/${client}/clearances`, tokens.manager, { rules: ['SURG'], providerName: 'Dr. E2e, orthopaedics', techniques: 'all', sites: ['right-knee'], maxPressure: 'P3' }),
      201,
    );
    expect(requested).toMatchObject({ clientId: client, rules: ['SURG'], status: 'requested' });
    expect((await call(`${clients}/${client}/clearances`, tokens.frontDesk)).status).toBe(403);

    const recorded = await json<ClearanceChangeResponse>(
      await call(`${clients}/${client}/clearances/${requested.id}/record`, tokens.manager, { techniques: 'all', sites: ['right-knee'], maxPressure: 'P3', documentRef: 'dms://letters/e2e/1' }),
      200,
    );
    expect(recorded.clearance).toMatchObject({ id: requested.id, status: 'recorded' });

    const rescreened = payloadOf(await waitForMessage(events, screenings(client, 'clearance-recorded'), 'ScreeningCompleted after the clearance'));
    expect(rescreened.screeningId).toBe(recorded.screening?.id);
    expect(rescreened.restrictions).toEqual(
      expect.arrayContaining([
        restriction({ rule: 'SURG', kind: 'CLEARANCE', satisfiedBy: requested.id }),
        restriction({ rule: 'SURG', kind: 'LOCAL' }),
        restriction({ rule: 'FEVER', kind: 'ABSOLUTE' }),
      ]),
    );
    expect(rescreened.outcome).toBe('deferred'); // the fever still defers today's massage

    const list = await json<{ items: ClearanceResponse[] }>(await call(`${clients}/${client}/clearances`, tokens.manager), 200);
    expect(list.items.map((c) => [c.id, c.status])).toEqual([[requested.id, 'recorded']]);
  });

  it('refuses an intake on an unknown form version with problem+json naming formVersion; nothing is stored or published', async () => {
    const lin = await register('Lin');
    await waitForMessage(events, (m) => m.key === lin, 'the registration');
    const stored = async () => (({ intakes, screenings, outbox }) => ({ intakes, screenings, outbox }))(await counts(intakeDb));
    const before = await stored();
    const res = await call(`${clients}/${lin}/intakes`, tokens.frontDesk, { ...exampleSubmitIntakeRequest(new Date().toISOString(), 'Lin E2e'), formVersion: 'intake-1999-01' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(problemFields(await res.json())).toContain('formVersion');
    expect(await stored()).toEqual(before);
    await waitFor(async () => (await counts(intakeDb)).unpublished === 0, { timeoutMs: 10_000, description: 'the outbox to drain' });
    expect(events.messages.filter((m) => m.key === lin).map((m) => m.headers['ce_type'])).not.toContainEqual(expect.stringMatching(/IntakeCompleted|ScreeningCompleted/));
  });

  it('lets hq-admin publish a later rule-table version; refuses a malformed one naming the field, changing nothing; the old version stays readable and in effect', async () => {
    const current = await json<RuleTableVersionResponse>(await call('/rule-tables/2026.1', tokens.hq), 200);
    const rules = (current.document as { rules: { code: string; effects: { kind: string; maxPressure?: string }[] }[] }).rules;
    const anticoag = rules.findIndex((r) => r.code === 'ANTICOAG');
    const withCap = (cap: string) => {
      const doc = JSON.parse(JSON.stringify(current.document)) as typeof current.document & { rules: typeof rules };
      const effect = doc.rules[anticoag]?.effects.find((e) => e.kind === 'MODIFY');
      if (!effect) throw new Error('2026.1 has no ANTICOAG MODIFY effect');
      effect.maxPressure = cap;
      return doc;
    };
    const before = await counts(intakeDb);

    const malformed = await call('/rule-tables', tokens.hq, { ...withCap('P9'), version: '2027.1', effectiveFrom: utcDay(1) });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(problemFields(await malformed.json())).toContain(`rules.${anticoag}.effects.0.maxPressure`);
    const backdated = await call('/rule-tables', tokens.hq, { ...withCap('P1'), version: '2027.1', effectiveFrom: utcDay(0) }); // intake's rule: after today
    expect(backdated.status).toBe(400);
    expect(problemFields(await backdated.json())).toContain('effectiveFrom');
    expect((await call('/rule-tables', tokens.manager, { ...withCap('P1'), version: '2027.1', effectiveFrom: utcDay(1) })).status).toBe(403);
    expect((await counts(intakeDb)).ruleTables).toBe(before.ruleTables);

    const key = randomUUID();
    const next = { ...withCap('P1'), version: '2027.1', effectiveFrom: utcDay(1) };
    const published = await json<RuleTableVersionResponse>(await call('/rule-tables', tokens.hq, next, key), 201);
    expect(published).toMatchObject({ version: '2027.1', effectiveFrom: utcDay(1), publishedBy: 'hq-admin@hq' });
    expect(await json<RuleTableVersionResponse>(await call('/rule-tables', tokens.hq, next, key), 201)).toEqual(published);
    const list = await json<RuleTableVersionListResponse>(await call('/rule-tables', tokens.manager), 200);
    expect({ versions: list.items.map((v) => v.version), inEffect: list.inEffect }).toEqual({ versions: ['2027.1', '2026.1'], inEffect: '2026.1' });
    expect((await json<RuleTableVersionResponse>(await call('/rule-tables/2026.1', tokens.therapist), 200)).document).toEqual(current.document);
    expect((await counts(intakeDb)).ruleTables).toBe(before.ruleTables + 1);
  });

  it('stops both services cleanly on SIGTERM', async () => {
    const codes = await Promise.all(services.map(async (s) => ({ service: s.name, code: await s.stop() })));
    expect(codes).toEqual(services.map((s) => ({ service: s.name, code: 0 })));
  });
});

/** `YYYY-MM-DD` (UTC) `offset` days from today. */
function utcDay(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Row counts of what a refused request must not change (outbox rows but the audit sealer's, which come on its own schedule). */
async function counts(db: TestDatabase): Promise<{ intakes: number; screenings: number; ruleTables: number; outbox: number; unpublished: number }> {
  const pg = new Client(db.options);
  await pg.connect();
  try {
    const { rows } = await pg.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM intake)::int AS intakes, (SELECT count(*) FROM screening_result)::int AS screenings,
              (SELECT count(*) FROM rule_table_version)::int AS "ruleTables", (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS outbox,
              (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1' AND published_at IS NULL)::int AS unpublished`,
    );
    const row = rows[0] ?? {};
    return { intakes: Number(row['intakes']), screenings: Number(row['screenings']), ruleTables: Number(row['ruleTables']), outbox: Number(row['outbox']), unpublished: Number(row['unpublished']) };
  } finally {
    await pg.end();
  }
}
