import { Logger } from '@nestjs/common';
import { auditLines, startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const CLEARANCE_ID = '9d3c1b2a-7e6f-4a5b-8c9d-0e1f2a3b4c5d';
const base = `/v1/locations/downtown/clients/${CLIENT_ID}`;
const MANAGER = { subject: 'mgr-1', role: 'location-manager' as const };
const THERAPIST = { subject: 'therapist-7', role: 'therapist' as const };
const request = { rules: ['SURG'], providerName: 'Dr. Grace Hopper', techniques: 'all', sites: ['right-knee'], maxPressure: 'P3' };
const recording = { techniques: 'all', sites: ['right-knee'], maxPressure: 'P3', documentRef: 'dms://letters/2026/000123' };
const fields = (body: unknown): string[] => ((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name);

describe('gateway: clearance and visit-update routes', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = (r) => ({ status: r.method === 'POST' ? 201 : 200, body: {} });
  });
  const post = (path: string, body: unknown, actor: object = MANAGER, key: string | null = 'key-1') => {
    const req = gw.http.post(`${base}${path}`).set('authorization', gw.bearer(actor)).set('content-type', 'application/json');
    if (key !== null) req.set('idempotency-key', key);
    return req.send(body as object);
  };

  it.each([
    ['a request (therapist; intake settles the care relationship)', '/clearances', request, THERAPIST, '/clearances'],
    ['a letter recorded without a request', '/clearances/recorded', { ...recording, rules: ['SURG'], providerName: 'Dr. Grace Hopper' }, MANAGER, '/clearances/recorded'],
    ["the physician's answer to a request", `/clearances/${CLEARANCE_ID}/record`, recording, THERAPIST, `/clearances/${CLEARANCE_ID}/record`],
    ['a revocation (manager)', `/clearances/${CLEARANCE_ID}/revoke`, { reason: 'condition-changed' }, MANAGER, `/clearances/${CLEARANCE_ID}/revoke`],
    ['a visit update', '/visit-updates', { changed: false, answers: { symptomsToday: [], medications: [{ class: 'anticoagulant' }] } }, { role: 'front-desk' as const }, '/visit-updates'],
  ])('forwards %s unchanged to intake, with its Idempotency-Key and actor', async (_case, path, body, actor, upstreamPath) => {
    const res = await post(path, body, actor, 'retry-me');
    expect(res.status).toBe(201);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'POST', url: `/locations/downtown/clients/${CLIENT_ID}${upstreamPath}` });
    expect(JSON.parse(forwarded.body)).toEqual(body);
    expect(forwarded.headers['idempotency-key']).toBe('retry-me');
    expect(gw.assertedActor(forwarded)).toMatchObject(actor);
  });

  it.each([
    ['a request without rules', '/clearances', { ...request, rules: [] }, 'rules'],
    ['a rule code that cannot be one', '/clearances', { ...request, rules: ['surg'] }, 'rules'],
    ['a site off the body map', '/clearances', { ...request, sites: ['tail'] }, 'sites'],
    ['a pressure off the scale', `/clearances/${CLEARANCE_ID}/record`, { ...recording, maxPressure: 'P7' }, 'maxPressure'],
    ['a recording without the letter', `/clearances/${CLEARANCE_ID}/record`, { techniques: 'all', sites: 'all' }, 'documentRef'],
    ['an expiry that is not a date-time', `/clearances/${CLEARANCE_ID}/record`, { ...recording, expiresAt: 'next month' }, 'expiresAt'],
    ['an unknown revoke reason', `/clearances/${CLEARANCE_ID}/revoke`, { reason: 'felt-like-it' }, 'reason'],
    ['a visit update without today’s symptoms', '/visit-updates', { changed: false, answers: {} }, 'answers.symptomsToday'],
    ['a visit update with an unknown field', '/visit-updates', { changed: false, answers: { symptomsToday: [] }, diagnosis: 'x' }, 'diagnosis'],
  ])('refuses %s with 400 problem+json naming %s, forwarding nothing', async (_case, path, body, field) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body)).toContain(field);
    expect(gw.received).toEqual([]);
  });

  it('refuses a clearance id that is not a uuid and a POST without Idempotency-Key, forwarding nothing', async () => {
    const bad = await post('/clearances/not-a-uuid/revoke', { reason: 'superseded' });
    expect(fields(bad.body)).toEqual(['clearanceId']);
    const unkeyed = await post(`/clearances/${CLEARANCE_ID}/revoke`, { reason: 'superseded' }, MANAGER, null);
    expect([bad.status, unkeyed.status]).toEqual([400, 400]);
    expect(fields(unkeyed.body)).toEqual(['Idempotency-Key']);
    expect(gw.received).toEqual([]);
  });

  it('keeps clearances from front desk and revocation from therapists (403, nothing forwarded)', async () => {
    const frontDesk = { role: 'front-desk' as const };
    const refused = [
      await post('/clearances', request, frontDesk),
      await post(`/clearances/${CLEARANCE_ID}/record`, recording, frontDesk),
      await gw.http.get(`${base}/clearances`).set('authorization', gw.bearer(frontDesk)),
      await post(`/clearances/${CLEARANCE_ID}/revoke`, { reason: 'superseded' }, THERAPIST),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(gw.received).toEqual([]);
  });

  it('audit-logs reading the clearances and one clearance', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await gw.http.get(`${base}/clearances`).set('authorization', gw.bearer(MANAGER)).expect(200);
      await gw.http.get(`${base}/clearances/${CLEARANCE_ID}`).set('authorization', gw.bearer(THERAPIST)).expect(200);
      expect(gw.received.map((r) => r.url)).toEqual([`/locations/downtown/clients/${CLIENT_ID}/clearances`, `/locations/downtown/clients/${CLIENT_ID}/clearances/${CLEARANCE_ID}`]);
      expect(auditLines(log)).toEqual([
        expect.objectContaining({ who: expect.objectContaining({ sub: 'mgr-1' }), what: { action: 'clearance.list', locationId: 'downtown', clientId: CLIENT_ID } }),
        expect.objectContaining({ who: expect.objectContaining({ sub: 'therapist-7' }), what: { action: 'clearance.read', locationId: 'downtown', clientId: CLIENT_ID, clearanceId: CLEARANCE_ID } }),
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
