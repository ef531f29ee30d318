import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { verifyAuditChain } from '@massage/audit';
import { ClientRegistered, IntakeCompleted } from '@massage/contracts';
import { exampleSubmitIntakeRequest, type AccessLogResponse, type ClientResponse, type IntakeResponse, type RegisterClientRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { generateAssertionKeyPair, GATEWAY_ASSERTION_HEADER } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { startIntakeTestApp } from './testing/intake-test-app';

jest.setTimeout(60_000);

const LOCATION = 'downtown';
const frontDesk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: LOCATION };
const manager: Actor = { subject: 'manager-1', role: 'location-manager', locationId: LOCATION };
const strangerTherapist: Actor = { subject: 'therapist-9', role: 'therapist', locationId: LOCATION };

const registration: RegisterClientRequest = { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' };
const submission = (): SubmitIntakeRequest => exampleSubmitIntakeRequest(new Date(Date.now() - 60_000).toISOString());

describe('intake: durable audit and Idempotency-Key (PostgreSQL; relay off)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;
  const keys = generateAssertionKeyPair('test-key');
  const as = (actor: Actor) => ({ [GATEWAY_ASSERTION_HEADER]: keys.signer.sign(actor, 'intake') });

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_audit', keys.publicKeysJson));
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await close?.();
  });

  const register = (key: string | undefined, body: object = registration) => {
    const req = http.post(`/locations/${LOCATION}/clients`).set(as(frontDesk));
    return (key === undefined ? req : req.set('idempotency-key', key)).send(body);
  };
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await pg.query<{ n: string }>(sql, params)).rows[0]?.n);
  const auditRows = (clientId: string) =>
    pg.query<{ actor_subject: string; action: string; operation: string; outcome: string; reason: string | null }>(
      `SELECT actor_subject, action, operation, outcome, reason FROM audit_record WHERE client_id = $1 ORDER BY seq`,
      [clientId],
    );

  it('needs an Idempotency-Key on a creating POST (400 naming the header)', async () => {
    const res = await register(undefined);
    expect(res.status).toBe(400);
    expect(res.body['invalid-params']).toEqual([expect.objectContaining({ name: 'Idempotency-Key' })]);
    expect(await count('SELECT count(*) AS n FROM client')).toBe(0);
  });

  it('registers once per key: a retry gets the same client, with no second row, event or audit row', async () => {
    const first = await register('key-register-1');
    const again = await register('key-register-1', { ...registration, dateOfBirth: registration.dateOfBirth, givenName: 'Ada' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const client = first.body as ClientResponse;
    expect(again.body).toEqual(client);
    expect(await count('SELECT count(*) AS n FROM client')).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE type = $1 AND key = $2`, [ClientRegistered.type, client.id])).toBe(1);
    expect((await auditRows(client.id)).rows).toEqual([{ actor_subject: 'desk-1', action: 'write', operation: 'client.register', outcome: 'allowed', reason: null }]);
  });

  it('refuses the same key with another body (422 naming the header), creating nothing', async () => {
    const res = await register('key-register-1', { ...registration, givenName: 'Grace' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body['invalid-params']).toEqual([expect.objectContaining({ name: 'Idempotency-Key' })]);
    expect(await count('SELECT count(*) AS n FROM client')).toBe(1);
  });

  it('resolves concurrent duplicates to one creation', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => register('key-concurrent', { ...registration, email: 'twin@example.com' })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => (a.body as ClientResponse).id)).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM client WHERE email = 'twin@example.com'`)).toBe(1);
  });

  it('submits an intake once per key, recording its author; reads are audited before they answer; refusals too', async () => {
    const client = (await register('key-client-2', { ...registration, email: 'c2@example.com' })).body as ClientResponse;
    const submit = (body: SubmitIntakeRequest) => http.post(`/locations/${LOCATION}/clients/${client.id}/intakes`).set(as(frontDesk)).set('idempotency-key', 'key-intake-1').send(body);
    const body = submission();
    const first = await submit(body);
    const again = await submit(body);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await submit({ ...body, goals: ['something else'] })).status).toBe(422);
    const intake = first.body as IntakeResponse;
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE type = $1 AND key = $2`, [IntakeCompleted.type, client.id])).toBe(1);
    expect((await pg.query(`SELECT taken_by FROM intake WHERE id = $1`, [intake.id])).rows).toEqual([{ taken_by: 'desk-1' }]);

    const read = await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes/${intake.id}`).set(as(manager));
    expect(read.status).toBe(200);
    // The manager's read is in the audit trail the moment the answer arrives.
    const refused = await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes/${intake.id}`).set(as(strangerTherapist));
    expect(refused.status).toBe(403);
    expect((await auditRows(client.id)).rows).toEqual([
      { actor_subject: 'desk-1', action: 'write', operation: 'client.register', outcome: 'allowed', reason: null },
      { actor_subject: 'desk-1', action: 'write', operation: 'intake.submit', outcome: 'allowed', reason: null },
      { actor_subject: 'manager-1', action: 'read', operation: 'intake.read', outcome: 'allowed', reason: null },
      { actor_subject: 'therapist-9', action: 'read', operation: 'intake:read', outcome: 'refused', reason: expect.any(String) },
    ]);

    const log = await http.get(`/locations/${LOCATION}/clients/${client.id}/access-log?limit=3`).set(as(manager));
    expect(log.status).toBe(200);
    const page = log.body as AccessLogResponse;
    expect(page.items.map((e) => [e.actor.subject, e.operation, e.outcome])).toEqual([
      ['therapist-9', 'intake:read', 'refused'],
      ['manager-1', 'intake.read', 'allowed'],
      ['desk-1', 'intake.submit', 'allowed'],
    ]);
    expect(page.nextBefore).toBe(page.items[2]?.seq);
    expect((await http.get(`/locations/${LOCATION}/clients/${client.id}/access-log`).set(as(frontDesk))).status).toBe(403);
  });

  it('discloses nothing when the audit row cannot be written (the read fails closed)', async () => {
    const client = (await register('key-client-3', { ...registration, email: 'c3@example.com' })).body as ClientResponse;
    const submitted = await http.post(`/locations/${LOCATION}/clients/${client.id}/intakes`).set(as(frontDesk)).set('idempotency-key', 'key-intake-3').send(submission());
    expect(submitted.status).toBe(201);
    await pg.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await pg.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_record FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
    try {
      const res = await http.get(`/locations/${LOCATION}/clients/${client.id}/intakes`).set(as(manager));
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('osteoporosis');
    } finally {
      await pg.query(`DROP TRIGGER refuse_audit ON audit_record`);
      await pg.query(`DROP FUNCTION refuse_audit()`);
    }
    const dataSource = app.get(DataSource);
    expect((await verifyAuditChain(dataSource)).intact).toBe(true);
  });
});
