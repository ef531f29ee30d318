import { startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const THERAPIST_ID = '2c4e6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e7b';
const SERVICE_ID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const ENTRY_ID = '4d2b0f8e-6c4a-4e2d-8b0f-9e7c5a3b1d0f';
const base = '/v1/locations/downtown';
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };
const THERAPIST = { subject: 'therapist-7', role: 'therapist' as const };
const plan = { techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P3' };
const join = { clientId: CLIENT_ID, serviceId: SERVICE_ID, from: '2026-03-09', to: '2026-03-20', preferredTimes: [{ from: '09:00', to: '12:00' }], ...plan };
const series = { clientId: CLIENT_ID, therapistId: THERAPIST_ID, serviceId: SERVICE_ID, firstDate: '2026-10-05', localTime: '10:00', count: 6, everyWeeks: 2, ...plan };
const fields = (body: unknown): string[] => ((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name);

describe('gateway: waitlist and series routes', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = (r) => ({ status: r.method === 'POST' ? 201 : 200, body: {} });
  });
  const post = (path: string, body: object | undefined, actor: object = FRONT_DESK, key: string | null = 'key-1') => {
    const req = gw.http.post(path).set('authorization', gw.bearer(actor));
    if (key !== null) req.set('idempotency-key', key);
    return body === undefined ? req : req.set('content-type', 'application/json').send(body);
  };

  it.each([
    ['joining the waitlist', `${base}/waitlist`, join, '/locations/downtown/waitlist'],
    ['a series', `${base}/series`, series, '/locations/downtown/series'],
    ['accepting an offer', `${base}/waitlist/${ENTRY_ID}/offer/accept`, undefined, `/locations/downtown/waitlist/${ENTRY_ID}/offer/accept`],
  ])('forwards %s to scheduling with its Idempotency-Key and actor; 400 without a key, forwarding nothing', async (_case, path, body, upstreamPath) => {
    const res = await post(path, body, FRONT_DESK, 'retry-me');
    expect(res.status).toBe(201);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'POST', url: upstreamPath });
    expect(JSON.parse(forwarded.body)).toEqual(body ?? {});
    expect(forwarded.headers['idempotency-key']).toBe('retry-me');
    expect(gw.assertedActor(forwarded, 'scheduling')).toMatchObject(FRONT_DESK);
    gw.received.length = 0;
    const keyless = await post(path, body, FRONT_DESK, null);
    expect([keyless.status, fields(keyless.body)]).toEqual([400, ['Idempotency-Key']]);
    expect(gw.received).toEqual([]);
  });

  it.each([
    ['leaving', 'leave'],
    ['declining an offer', 'offer/decline'],
  ])('forwards %s (a change that creates nothing) without asking for an Idempotency-Key', async (_case, step) => {
    gw.answer = () => ({ status: 200, body: { id: ENTRY_ID } });
    const res = await post(`${base}/waitlist/${ENTRY_ID}/${step}`, undefined, FRONT_DESK, null);
    expect(res.status).toBe(200);
    expect(gw.single()).toMatchObject({ method: 'POST', url: `/locations/downtown/waitlist/${ENTRY_ID}/${step}` });
  });

  it('forwards the reads of the waitlist and of one entry under appointment:read (not a therapist’s)', async () => {
    await gw.http.get(`${base}/waitlist`).set('authorization', gw.bearer(FRONT_DESK)).expect(200);
    await gw.http.get(`${base}/waitlist/${ENTRY_ID}`).set('authorization', gw.bearer(FRONT_DESK)).expect(200);
    await gw.http.get(`${base}/waitlist`).set('authorization', gw.bearer(THERAPIST)).expect(403);
    expect(gw.received.map((r) => r.url)).toEqual(['/locations/downtown/waitlist', `/locations/downtown/waitlist/${ENTRY_ID}`]);
  });

  it.each([
    ['a window end that is not a date', `${base}/waitlist`, { ...join, to: 'next week' }, 'to'],
    ['a preferred time off the clock', `${base}/waitlist`, { ...join, preferredTimes: [{ from: '25:00', to: '26:00' }] }, 'preferredTimes.0.from'],
    ['a series of 27 sessions', `${base}/series`, { ...series, count: 27 }, 'count'],
    ['a series start given as an instant', `${base}/series`, { ...series, firstDate: '2026-10-05T10:00:00Z' }, 'firstDate'],
  ])('refuses %s: 400 naming the field, forwarding nothing', async (_case, path, body, field) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain(field);
    expect(gw.received).toEqual([]);
  });

  it('keeps therapists from joining, accepting and booking series (403), and refuses an entry id that is not a uuid (400), forwarding nothing', async () => {
    const refused = [
      await post(`${base}/waitlist`, join, THERAPIST),
      await post(`${base}/waitlist/${ENTRY_ID}/offer/accept`, undefined, THERAPIST),
      await post(`${base}/series`, series, THERAPIST),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    const malformed = await post(`${base}/waitlist/not-a-uuid/leave`, undefined, FRONT_DESK, null);
    expect([malformed.status, fields(malformed.body)]).toEqual([400, ['entryId']]);
    expect(gw.received).toEqual([]);
  });
});
