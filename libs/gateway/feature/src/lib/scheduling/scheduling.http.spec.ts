import { invalidParamNames as fields, startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const THERAPIST_ID = '2c4e6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e7b';
const SERVICE_ID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const APPOINTMENT_ID = '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e';
const base = '/v1/locations/downtown';
const MANAGER = { subject: 'mgr-1', role: 'location-manager' as const };
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };
const HQ = { subject: 'hq-1', role: 'hq-admin' as const, locationId: '*' };
const booking = { clientId: CLIENT_ID, therapistId: THERAPIST_ID, serviceId: SERVICE_ID, startsAt: '2026-03-09T10:00:00-04:00', techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P3' };
const location = { code: 'uptown', name: 'Uptown', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '17:00' }] }] };

describe('gateway: scheduling routes', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => gw.reset());
  const send = (method: 'post' | 'put', path: string, body: object | undefined, actor: object = MANAGER, key: string | null = 'key-1') => {
    const req = gw.http[method](path).set('authorization', gw.bearer(actor));
    if (key !== null) req.set('idempotency-key', key);
    return body === undefined ? req : req.set('content-type', 'application/json').send(body);
  };

  it.each([
    ['opening a location (hq-admin, no location in the path)', '/v1/locations', location, HQ, '/locations'],
    ['a room', `${base}/rooms`, { code: 'room-2', name: 'Room 2', equipment: ['prenatal-table'] }, MANAGER, '/locations/downtown/rooms'],
    ['a service', `${base}/services`, { code: 'swedish-60', name: 'Swedish', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish'], requiredEquipment: [] }, MANAGER, '/locations/downtown/services'],
    ['a closure', `${base}/closures`, { from: '2026-12-25', to: '2026-12-26', reason: 'holiday' }, MANAGER, '/locations/downtown/closures'],
    ['a therapist', `${base}/therapists`, { subject: 'therapist-7', displayName: 'Sam Rivera' }, MANAGER, '/locations/downtown/therapists'],
    ['time off', `${base}/therapists/${THERAPIST_ID}/time-off`, { from: '2026-12-24T00:00:00-05:00', to: '2027-01-02T00:00:00-05:00', reason: 'vacation' }, MANAGER, `/locations/downtown/therapists/${THERAPIST_ID}/time-off`],
    ['a booking (front desk)', `${base}/appointments`, booking, FRONT_DESK, '/locations/downtown/appointments'],
  ])('forwards %s unchanged to scheduling, with its Idempotency-Key and actor', async (_case, path, body, actor, upstreamPath) => {
    const res = await send('post', path, body, actor, 'retry-me');
    expect(res.status).toBe(201);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'POST', url: upstreamPath });
    expect(JSON.parse(forwarded.body)).toEqual(body);
    expect(forwarded.headers['idempotency-key']).toBe('retry-me');
    expect(gw.assertedActor(forwarded, 'scheduling')).toMatchObject(actor);
    expect(() => gw.assertedActor(forwarded, 'intake')).toThrow();
  });

  it.each([
    ['a licence', 'put', `/therapists/${THERAPIST_ID}/licence`, { number: 'RMT-004217', jurisdiction: 'CA-ON', expiresOn: '2027-12-31' }, MANAGER],
    ['a certification', 'put', `/therapists/${THERAPIST_ID}/certifications/deep-tissue`, { expiresOn: '2028-05-31' }, MANAGER],
    ['shifts', 'put', `/therapists/${THERAPIST_ID}/shifts`, { shifts: [{ weekday: 'monday', from: '09:00', to: '17:00' }] }, MANAGER],
    ['a reschedule', 'post', `/appointments/${APPOINTMENT_ID}/reschedule`, { startsAt: '2026-03-10T14:00:00-04:00', pressure: 'P2' }, FRONT_DESK],
    ['a cancellation', 'post', `/appointments/${APPOINTMENT_ID}/cancel`, { reason: 'client-request' }, FRONT_DESK],
    ['a check-in', 'post', `/appointments/${APPOINTMENT_ID}/check-in`, undefined, FRONT_DESK],
    ['a completion', 'post', `/appointments/${APPOINTMENT_ID}/complete`, undefined, FRONT_DESK],
    ['a no-show', 'post', `/appointments/${APPOINTMENT_ID}/no-show`, undefined, FRONT_DESK],
  ] as const)('forwards %s (a change that creates nothing) without asking for an Idempotency-Key', async (_case, method, path, body, actor) => {
    gw.answer = () => ({ status: 200, body: { id: APPOINTMENT_ID } });
    const res = await send(method, `${base}${path}`, body, actor, null);
    expect(res.status).toBe(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: method.toUpperCase(), url: `/locations/downtown${path}` });
    expect(forwarded.body === '' ? undefined : JSON.parse(forwarded.body)).toEqual(body);
    expect(forwarded.headers['idempotency-key']).toBeUndefined();
    expect(gw.assertedActor(forwarded, 'scheduling')).toMatchObject(actor);
  });

  it('refuses a booking without Idempotency-Key with 400 problem+json naming the header, forwarding nothing', async () => {
    const res = await send('post', `${base}/appointments`, booking, FRONT_DESK, null);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body)).toEqual(['Idempotency-Key']);
    expect(gw.received).toEqual([]);
  });

  it.each([
    ['a technique off the catalogue', 'techniques', { ...booking, techniques: ['reiki'] }],
    ['a region off the body map', 'focusRegions', { ...booking, focusRegions: ['tail'] }],
    ['a pressure off the scale', 'pressure', { ...booking, pressure: 'P7' }],
    ['a start without an offset', 'startsAt', { ...booking, startsAt: '2026-03-09T10:00:00' }],
    ['a therapist id that is not a uuid', 'therapistId', { ...booking, therapistId: 'sam' }],
    ['an unknown field', 'diagnosis', { ...booking, diagnosis: 'DVT' }],
  ])('refuses a booking with %s: 400 naming %s, forwarding nothing', async (_case, field, body) => {
    const res = await send('post', `${base}/appointments`, body, FRONT_DESK);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain(field);
    expect(gw.received).toEqual([]);
  });

  it('refuses an unknown technique and an appointment id that is not a uuid in the path, forwarding nothing', async () => {
    const technique = await send('put', `${base}/therapists/${THERAPIST_ID}/certifications/reiki`, {}, MANAGER, null);
    const appointment = await send('post', `${base}/appointments/not-a-uuid/check-in`, undefined, FRONT_DESK, null);
    expect([technique.status, appointment.status]).toEqual([400, 400]);
    expect([fields(technique.body), fields(appointment.body)]).toEqual([['technique'], ['appointmentId']]);
    expect(gw.received).toEqual([]);
  });

  it('forwards an availability search with its validated query, lists comma-separated', async () => {
    const query = `serviceId=${SERVICE_ID}&from=2026-03-09&to=2026-03-13&clientId=${CLIENT_ID}&techniques=swedish,deep-tissue&focusRegions=neck&pressure=P3`;
    const res = await gw.http.get(`${base}/availability?${query}`).set('authorization', gw.bearer({ subject: 'therapist-7', role: 'therapist' }));
    expect(res.status).toBe(200);
    const url = new URL(gw.single().url, 'http://scheduling');
    expect(url.pathname).toBe('/locations/downtown/availability');
    expect(Object.fromEntries(url.searchParams)).toEqual({ serviceId: SERVICE_ID, from: '2026-03-09', to: '2026-03-13', clientId: CLIENT_ID, techniques: 'swedish,deep-tissue', focusRegions: 'neck', pressure: 'P3' });
  });

  it('refuses an availability search with a plan given in part or an unknown parameter, forwarding nothing', async () => {
    const search = (query: string) => gw.http.get(`${base}/availability?serviceId=${SERVICE_ID}&from=2026-03-09&to=2026-03-13&${query}`).set('authorization', gw.bearer());
    const partial = await search('techniques=swedish');
    const unknown = await search('sort=desc');
    expect([partial.status, unknown.status]).toEqual([400, 400]);
    expect(fields(partial.body)).toEqual(expect.arrayContaining(['focusRegions', 'pressure']));
    expect(fields(unknown.body)).toEqual(['sort']);
    expect(gw.received).toEqual([]);
  });

  it("relays scheduling's refusal as it is: the rule in type, every refusal listed", async () => {
    const problem = {
      type: 'https://massage.example/problems/contraindicated',
      title: 'Unprocessable Entity',
      status: 422,
      rule: 'contraindicated',
      refusals: [{ rule: 'contraindicated', screeningRule: 'DVT_ACT', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] }],
    };
    gw.answer = () => ({ status: 422, type: 'application/problem+json', body: { ...problem, instance: '/locations/downtown/appointments' } });
    const res = await send('post', `${base}/appointments`, booking, FRONT_DESK);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toEqual({ ...problem, instance: '/v1/locations/downtown/appointments' });
  });

  it('keeps therapists from booking and managing staff, and the front desk from configuring the location (403, nothing forwarded)', async () => {
    const therapist = { subject: 'therapist-7', role: 'therapist' as const };
    const refused = [
      await send('post', `${base}/appointments`, booking, therapist),
      await send('put', `${base}/therapists/${THERAPIST_ID}/shifts`, { shifts: [] }, therapist, null),
      await send('post', `${base}/rooms`, { code: 'room-9', name: 'Room 9', equipment: [] }, FRONT_DESK),
      await send('post', '/v1/locations', location, MANAGER),
      await gw.http.get(`${base}/appointments/${APPOINTMENT_ID}`).set('authorization', gw.bearer(therapist)),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(gw.received).toEqual([]);
  });
});

describe('gateway: scheduling in the OpenAPI document', () => {
  type Operation = {
    parameters?: { name: string; in: string; required?: boolean }[];
    requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
    responses: Record<string, { content?: Record<string, { example?: { rule?: string } }> }>;
  };
  let gw: RecordingGateway;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    gw = await startRecordingGateway();
    paths = ((await gw.http.get('/docs-json').expect(200)).body as { paths: typeof paths }).paths;
  });
  afterAll(() => gw?.close());

  it('documents a booking with examples, the required Idempotency-Key and its refusals as problem+json naming the rule', () => {
    const book = paths['/v1/locations/{locationId}/appointments']?.['post'];
    expect(Object.keys(book?.requestBody?.content['application/json']?.examples ?? {}).length).toBeGreaterThan(0);
    expect(book?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]));
    expect(book?.responses['422']?.content?.['application/problem+json']?.example?.rule).toBe('contraindicated');
    expect(book?.responses['409']?.content?.['application/problem+json']?.example?.rule).toBe('slot-taken');
  });

  it('gives every scheduling operation with a body an example', () => {
    const scheduling = Object.entries(paths).filter(([path]) => /^\/v1\/locations(\/\{locationId\}(\/(rooms|services|closures|therapists|availability|appointments)\b.*)?)?$/.test(path));
    const withBody = scheduling.flatMap(([path, ops]) => Object.entries(ops).flatMap(([method, op]) => (op.requestBody ? [{ route: `${method} ${path}`, examples: Object.keys(op.requestBody.content['application/json']?.examples ?? {}).length }] : [])));
    expect(withBody.length).toBeGreaterThanOrEqual(12);
    for (const { route, examples } of withBody) expect({ route, examples: examples > 0 }).toEqual({ route, examples: true });
  });
});
