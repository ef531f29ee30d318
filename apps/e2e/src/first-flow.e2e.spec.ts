import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  collectTopic,
  createTestDatabase,
  ensureTopics,
  testKafka,
  testSmtp,
  uniqueName,
  waitFor,
  waitForMail,
  type CollectedMessage,
  type TestDatabase,
  type TestSmtp,
  type TopicCollector,
} from '@massage/testing';
import { INTAKE_EVENTS_TOPIC, IntakeCompleted, IntakeCompletedV2Event, kafkaSaslFromEnv, NOTIFICATION_EVENTS_TOPIC, NotificationSent } from '@massage/contracts';
import { exampleSubmitIntakeRequest, type RegisterClientRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { ServiceProcess } from './support/service-process';

/**
 * The first flow of the system, end to end, on real processes: a location registers a client and submits an
 * intake through the gateway; intake publishes IntakeCompleted; notification e-mails the client over SMTP and
 * publishes NotificationSent; an analyst reading the topic sees the key, CloudEvents headers and JSON payload.
 */
describe('first flow: intake through the gateway to a welcome e-mail', () => {
  const secret = ('e2e-secret-' + Math.random().toString(36).slice(2)).padEnd(40, 'x');
  // The gateway's assertion key pair (docs/security.md): the private half only for the gateway, the public half for the services.
  const assertionKeys = generateKeyPairSync('ed25519');
  const assertionKeyFile = join(mkdtempSync(join(tmpdir(), 'e2e-keys-')), 'assertion.pem');
  writeFileSync(assertionKeyFile, assertionKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const publicKeys = JSON.stringify({ e2e: assertionKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  let managerToken: string;
  const location = 'e2e-' + Math.random().toString(36).slice(2, 8);
  const notificationGroup = uniqueName('e2e-notification');
  const databases: TestDatabase[] = [];
  const services: ServiceProcess[] = [];
  let brokers: string[];
  let smtp: TestSmtp;
  let gateway: ServiceProcess;
  let token: string;
  let intakeEvents: TopicCollector;
  let notificationEvents: TopicCollector;
  let intakeDb: TestDatabase;

  beforeAll(async () => {
    brokers = (await testKafka()).brokers;
    smtp = await testSmtp();
    await ensureTopics(brokers, [{ name: `${notificationGroup}.dlq`, partitions: 1 }]);
    intakeEvents = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name, { fromBeginning: false });
    notificationEvents = await collectTopic(brokers, NOTIFICATION_EVENTS_TOPIC.name, { fromBeginning: false });

    const env = (db?: TestDatabase): Record<string, string> => ({
      KAFKA_BROKERS: brokers.join(','),
      ...(db ? { DB_NAME: db.name, PGHOST: db.options.host, PGPORT: String(db.options.port), PGUSER: db.options.user } : {}),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      AUTH_ASSERTION_PUBLIC_KEYS: publicKeys,
    });
    const withDb = async (name: string): Promise<Record<string, string>> => {
      const db = await createTestDatabase(`e2e_${name}`);
      databases.push(db);
      if (name === 'intake') intakeDb = db;
      await ServiceProcess.runOnce(name, ['migrate'], env(db));
      return env(db);
    };

    // Nobody opens this run's location in scheduling here: intake accepts its code (ADR 0014's transition switch), in a
    // consumer group of its own (never the stack's `intake`).
    const intake = new ServiceProcess('intake', await freePort(), { ...(await withDb('intake')), KNOWN_LOCATIONS_ENFORCED: 'false', INTAKE_GROUP_ID: uniqueName('e2e-intake') });
    const notification = new ServiceProcess('notification', await freePort(), {
      ...(await withDb('notification')),
      NOTIFICATION_GROUP_ID: notificationGroup,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    });
    const scheduling = new ServiceProcess('scheduling', await freePort(), await withDb('scheduling'));
    const treatment = new ServiceProcess('treatment', await freePort(), await withDb('treatment'));
    gateway = new ServiceProcess('gateway', await freePort(), { ...env(), AUTH_TOKEN_SECRET: secret, AUTH_ASSERTION_PRIVATE_KEY_FILE: assertionKeyFile, AUTH_ASSERTION_KEY_ID: 'e2e', INTAKE_URL: intake.url, NOTIFICATION_URL: notification.url });
    services.push(intake, notification, scheduling, treatment, gateway);
    await Promise.all(services.map((s) => s.start()));
    await waitForGroupToJoin(brokers, notificationGroup);

    token = (await ServiceProcess.runOnce('gateway', ['issue-token', '--location', location, '--role', 'front-desk'], { AUTH_TOKEN_SECRET: secret })).trim();
    // Front desk registers and takes intakes; reading a health history back takes a manager (or a therapist in care).
    managerToken = (await ServiceProcess.runOnce('gateway', ['issue-token', '--location', location, '--role', 'location-manager'], { AUTH_TOKEN_SECRET: secret })).trim();
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await intakeEvents?.stop();
    await notificationEvents?.stop();
    await smtp?.close();
    await Promise.all(databases.map((d) => d.drop()));
  });

  /** GET without a body, POST with one; every POST carries an Idempotency-Key (a new one unless a retry names it). */
  const api = (path: string, body?: unknown, bearer = token, idempotencyKey = randomUUID()): Promise<Response> =>
    fetch(`${gateway.url}/v1/locations/${location}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...(body === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('starts every service, each answering /health', async () => {
    for (const s of services) {
      const res = await fetch(`${s.url}/health`);
      expect({ service: s.name, status: res.status }).toEqual({ service: s.name, status: 200 });
    }
  });

  it('registers a client and takes an intake; the client gets one welcome e-mail and analysts see the events', async () => {
    const email = `${uniqueName('ada')}@example.com`;
    const registration: RegisterClientRequest = {
      givenName: 'Ada',
      familyName: 'Lovelace',
      email,
      preferredChannel: 'email',
      dateOfBirth: '1985-12-10',
    };
    const registered = await api('/clients', registration);
    expect(registered.status).toBe(201);
    const client = (await registered.json()) as { id: string };

    const intake: SubmitIntakeRequest = exampleSubmitIntakeRequest(new Date().toISOString());
    intake.answers.conditions = [{ code: 'osteoporosis', regions: [], qualifiers: [], note: 'diagnosed 2019' }];
    intake.answers.medications = [{ class: 'anticoagulant', name: 'warfarin' }];
    intake.answers.painAreas = [{ region: 'lower-back', rating: 7 }];
    const submitted = await api(`/clients/${client.id}/intakes`, intake);
    expect(submitted.status).toBe(201);
    const stored = (await submitted.json()) as { id: string };

    expect((await api(`/clients/${client.id}/intakes/${stored.id}`)).status).toBe(403); // front desk: no health history
    const readBack = await api(`/clients/${client.id}/intakes/${stored.id}`, undefined, managerToken);
    expect(readBack.status).toBe(200);
    expect(await readBack.json()).toMatchObject({ id: stored.id, kind: 'full', answers: { painAreas: [{ region: 'lower-back', rating: 7 }] } });

    const mail = await waitForMail(smtp.mailboxDir, (m) => m.to.includes(email), 30_000);
    expect(mail.subject).toMatch(/welcome/i);
    expect(mail.text).toContain('Ada');
    expect(mail.text).not.toMatch(/osteoporosis|warfarin/i);

    const completed = await waitForEvent(intakeEvents, (m) => m.headers['ce_type'] === IntakeCompletedV2Event.type && m.key === client.id);
    expect(completed.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'massage.intake.IntakeCompleted.v2',
      ce_source: '/massage/intake',
      ce_subject: client.id,
      'content-type': 'application/json',
    });
    expect(completed.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(completed.headers['ce_time'] ?? '')).not.toBeNaN();
    const payload = JSON.parse(completed.value ?? 'null') as Record<string, unknown>;
    expect(payload).toMatchObject({ intakeId: stored.id, clientId: client.id, locationId: location, conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [] }] });
    expect(completed.value).not.toMatch(/Ada|Lovelace|warfarin|diagnosed|workday/);
    // The deprecated v1 is published beside it (ADR 0011), first, in the same correlation.
    const completedV1 = await waitForEvent(intakeEvents, (m) => m.headers['ce_type'] === IntakeCompleted.type && m.key === client.id);
    expect(JSON.parse(completedV1.value ?? 'null')).toMatchObject({ intakeId: stored.id, conditionCodes: ['osteoporosis'] });
    expect(completedV1.headers['ce_correlationid']).toBe(completed.headers['ce_correlationid']);

    const sent = await waitForEvent(notificationEvents, (m) => m.headers['ce_type'] === NotificationSent.type && m.key === client.id);
    // The first of the pair (v1, by outbox order) welcomes the client.
    expect(sent.headers['ce_causationid']).toBe(completedV1.headers['ce_id']);
    expect(sent.headers['ce_correlationid']).toBe(completed.headers['ce_correlationid']);

    // Exactly one e-mail for this client, even after the consumer committed and everything settled.
    await waitFor(async () => notificationEvents.messages.some((m) => m.key === client.id), { timeoutMs: 5_000, description: 'NotificationSent' });
    const mails = (await smtp.messages()).filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
  });

  it('answers a retried POST with its first response: one client, one intake, one welcome e-mail', async () => {
    const email = `${uniqueName('retry')}@example.com`;
    const registration: RegisterClientRequest = { givenName: 'Rita', familyName: 'Levi', email, preferredChannel: 'email', dateOfBirth: '1980-04-22' };
    const registerKey = randomUUID();
    const first = await api('/clients', registration, token, registerKey);
    const retried = await api('/clients', registration, token, registerKey);
    expect([first.status, retried.status]).toEqual([201, 201]);
    const client = (await first.json()) as { id: string };
    expect(((await retried.json()) as { id: string }).id).toBe(client.id);

    const intake = exampleSubmitIntakeRequest(new Date().toISOString(), 'Rita Levi');
    const intakeKey = randomUUID();
    const submitted = await api(`/clients/${client.id}/intakes`, intake, token, intakeKey);
    const resubmitted = await api(`/clients/${client.id}/intakes`, intake, token, intakeKey);
    expect([submitted.status, resubmitted.status]).toEqual([201, 201]);
    expect(await resubmitted.json()).toEqual(await submitted.json());
    const reused = await api(`/clients/${client.id}/intakes`, { ...intake, goals: ['Something else'] }, token, intakeKey);
    expect(reused.status).toBe(422);

    await waitForMail(smtp.mailboxDir, (m) => m.to.includes(email), 30_000);
    await waitFor(async () => notificationEvents.messages.some((m) => m.key === client.id), { timeoutMs: 10_000, description: 'NotificationSent' });
    expect((await smtp.messages()).filter((m) => m.to.includes(email))).toHaveLength(1);
    const pg = new Client(intakeDb.options);
    await pg.connect();
    try {
      const { rows } = await pg.query(
        `SELECT (SELECT count(*) FROM client WHERE email = $1)::int AS clients, (SELECT count(*) FROM intake WHERE client_id = $2)::int AS intakes`,
        [email, client.id],
      );
      expect(rows).toEqual([{ clients: 1, intakes: 1 }]);
    } finally {
      await pg.end();
    }
  });

  it('refuses an intake without consent, naming the field, and publishes nothing', async () => {
    const registered = await api('/clients', {
      givenName: 'Grace',
      familyName: 'Hopper',
      email: `${uniqueName('grace')}@example.com`,
      preferredChannel: 'email',
      dateOfBirth: '1970-01-01',
    });
    const client = (await registered.json()) as { id: string };
    const unsigned = exampleSubmitIntakeRequest(new Date().toISOString(), 'Grace Hopper');
    const res = await api(`/clients/${client.id}/intakes`, { ...unsigned, consent: { ...unsigned.consent, given: false } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { 'invalid-params'?: { name: string }[] };
    expect(problem['invalid-params']?.map((p) => p.name)).toContain('consent.given');

    const list = await api(`/clients/${client.id}/intakes`, undefined, managerToken);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    // The registration's events arrive; an IntakeCompleted for this client never does.
    await waitForEvent(intakeEvents, (m) => m.key === client.id);
    expect(intakeEvents.messages.filter((m) => m.key === client.id && [IntakeCompleted.type, IntakeCompletedV2Event.type].includes(m.headers['ce_type'] ?? ''))).toEqual([]);
  });

  it('refuses bad requests with problem+json naming the field, and writes no row and no event', async () => {
    const before = await intakeCounts(intakeDb);
    const eventsBefore = intakeEvents.messages.length;
    const registered = await api('/clients', { givenName: 'Lin', familyName: 'Wu', email: `${uniqueName('lin')}@example.com`, preferredChannel: 'email', dateOfBirth: '1990-05-05' });
    const client = (await registered.json()) as { id: string };
    await waitForEvent(intakeEvents, (m) => m.key === client.id && m.headers['ce_type'] === 'massage.intake.ClientRegistered.v1');
    const afterRegistration = await intakeCounts(intakeDb);
    const raw = (path: string, body: string): Promise<Response> =>
      fetch(`${gateway.url}/v1/locations/${location}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body,
      });
    const intake = exampleSubmitIntakeRequest(new Date().toISOString(), 'Lin Wu');
    const cases: [string, Promise<Response>, number, string | undefined][] = [
      ['malformed JSON', raw(`/clients/${client.id}/intakes`, '{"formVersion": '), 400, undefined],
      ['an unknown field', api(`/clients/${client.id}/intakes`, { ...intake, diagnosis: 'sciatica' }), 400, 'diagnosis'],
      ['a wrong type', api(`/clients/${client.id}/intakes`, { ...intake, goals: 'relief' }), 400, 'goals'],
      ['a pain rating of 11', api(`/clients/${client.id}/intakes`, { ...intake, answers: { ...intake.answers, painAreas: [{ region: 'neck', rating: 11 }] } }), 400, 'answers.painAreas.0.rating'],
      ['an unknown form version', api(`/clients/${client.id}/intakes`, { ...intake, formVersion: 'intake-2099-01' }), 400, 'formVersion'],
      ['a surgery in the future (intake’s own rule)', api(`/clients/${client.id}/intakes`, { ...intake, answers: { ...intake.answers, surgeries: [{ on: '2999-01-01', sites: ['neck'] }] } }), 400, 'answers.surgeries.0.on'],
      ['missing consent', api(`/clients/${client.id}/intakes`, { ...intake, consent: undefined }), 400, 'consent'],
      ['an oversized body', api(`/clients/${client.id}/intakes`, { ...intake, goals: ['x'.repeat(70_000)] }), 413, undefined],
    ];
    for (const [label, response, status, field] of cases) {
      const res = await response;
      const problem = (await res.json()) as { status?: number; 'invalid-params'?: { name: string }[] };
      expect({ label, status: res.status, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ label, status, type: 'application/problem+json' });
      expect(problem.status).toBe(status);
      if (field) expect({ label, fields: problem['invalid-params']?.map((p) => p.name) }).toEqual({ label, fields: expect.arrayContaining([field]) });
    }
    // Nothing was written: the registration's rows and events are all there is.
    expect(await intakeCounts(intakeDb)).toEqual(afterRegistration);
    // ClientRegistered and ClientContactRecorded (the audit's AuditRecorded is the sealer's, ADR 0025: not counted).
    expect(afterRegistration).toEqual({ clients: before.clients + 1, intakes: before.intakes, outbox: before.outbox + 2 });
    await waitFor(async () => (await intakeCounts(intakeDb, 'unpublished')).outbox === 0, { timeoutMs: 10_000, description: 'the outbox to drain' });
    expect(intakeEvents.messages.slice(eventsBefore).filter((m) => m.key === client.id).map((m) => m.headers['ce_type'])).toEqual(['massage.intake.ClientRegistered.v1']);
  });

  it("refuses another location's token", async () => {
    const other = (await ServiceProcess.runOnce('gateway', ['issue-token', '--location', 'elsewhere', '--role', 'front-desk'], { AUTH_TOKEN_SECRET: secret })).trim();
    const res = await api('/clients', { givenName: 'X', familyName: 'Y', email: 'x@example.com', preferredChannel: 'email', dateOfBirth: '1990-01-01' }, other);
    expect(res.status).toBe(403);
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const codes = await Promise.all(services.map(async (s) => ({ service: s.name, code: await s.stop() })));
    expect(codes).toEqual(services.map((s) => ({ service: s.name, code: 0 })));
  });
});

/** Row counts of the intake database (what a bad request must not change); outbox rows but the audit sealer's, which come on its own schedule. */
async function intakeCounts(db: TestDatabase, outbox: 'all' | 'unpublished' = 'all'): Promise<{ clients: number; intakes: number; outbox: number }> {
  const client = new Client(db.options);
  await client.connect();
  try {
    const { rows } = await client.query<{ clients: string; intakes: string; outbox: string }>(
      `SELECT (SELECT count(*) FROM client) AS clients, (SELECT count(*) FROM intake) AS intakes,
              (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1' ${outbox === 'unpublished' ? 'AND published_at IS NULL' : ''}) AS outbox`,
    );
    const row = rows[0];
    return { clients: Number(row?.clients), intakes: Number(row?.intakes), outbox: Number(row?.outbox) };
  } finally {
    await client.end();
  }
}

async function waitForEvent(collector: TopicCollector, match: (m: CollectedMessage) => boolean): Promise<CollectedMessage> {
  return waitFor(async () => collector.messages.find(match), { timeoutMs: 30_000, description: 'the event on its topic' });
}

/** The consumer starts at the latest offsets, so events are produced only once its group has partitions. */
async function waitForGroupToJoin(brokers: string[], groupId: string): Promise<void> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: `consumer group ${groupId} to be stable` },
    );
  } finally {
    await admin.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
