import { Logger } from '@nestjs/common';
import type { NoteContentBody, PlanTermsRequest } from '@massage/treatment-api';
import { auditLines, invalidParamNames as fields, startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const PLAN_ID = '1e3c5a7b-9d0f-4b2d-8f4a-6c8e0a2b4d6f';
const APPOINTMENT_ID = '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e';
const client = `/locations/downtown/clients/${CLIENT_ID}`;
const note = `${client}/sessions/${APPOINTMENT_ID}/note`;
const THERAPIST = { subject: 'therapist-sam', role: 'therapist' as const };
const MANAGER = { subject: 'mgr-1', role: 'location-manager' as const };
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };
const HQ = { subject: 'hq-1', role: 'hq-admin' as const, locationId: '*' };
const plan: PlanTermsRequest = {
  goals: [
    { activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8 },
    { activity: 'Work at the desk for two hours', baselineScore: 4, targetScore: 8 },
    { activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
  ],
  focusRegions: ['neck'],
  techniques: ['myofascial-release'],
  maxPressure: 'P3',
  frequency: { sessions: 1, everyWeeks: 1 },
  plannedSessions: 6,
  reassessOn: '2026-04-15',
};
const content: NoteContentBody = {
  subjective: 'Neck stiff since Monday.',
  rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
  work: [{ technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 25 }],
  pain: [{ region: 'neck', before: 6, after: 3 }],
  functionScores: [],
};

describe('gateway: treatment routes', () => {
  let gw: RecordingGateway;
  let log: jest.SpyInstance;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.reset();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => log.mockRestore());
  const send = (method: 'post' | 'put', path: string, body: object | undefined, actor: object = THERAPIST, key: string | null = 'key-1') => {
    const req = gw.http[method](`/v1${path}`).set('authorization', gw.bearer(actor));
    if (key !== null) req.set('idempotency-key', key);
    return body === undefined ? req : req.set('content-type', 'application/json').send(body);
  };
  const get = (path: string, actor: object = THERAPIST) => gw.http.get(`/v1${path}`).set('authorization', gw.bearer(actor));

  it.each([
    ['a plan (a therapist in care)', `${client}/plans`, plan, THERAPIST],
    ['a plan (the manager)', `${client}/plans`, plan, MANAGER],
    ['an amendment', `${note}/amendments`, { kind: 'correction', reason: 'Pain after was 4.', content }, THERAPIST],
  ])('forwards %s unchanged to treatment, with its Idempotency-Key and the actor asserted to treatment alone', async (_case, path, body, actor) => {
    const res = await send('post', path, body, actor, 'retry-me');
    expect(res.status).toBe(201);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'POST', url: path });
    expect(JSON.parse(forwarded.body)).toEqual(body);
    expect(forwarded.headers['idempotency-key']).toBe('retry-me');
    expect(gw.assertedActor(forwarded, 'treatment')).toMatchObject(actor);
    expect(() => gw.assertedActor(forwarded, 'intake')).toThrow();
    expect(() => gw.assertedActor(forwarded, 'scheduling')).toThrow();
  });

  it.each([
    ['a revision', 'put', `${client}/plans/${PLAN_ID}`, plan, MANAGER],
    ['a completion', 'post', `${client}/plans/${PLAN_ID}/complete`, undefined, THERAPIST],
    ['a discontinuation', 'post', `${client}/plans/${PLAN_ID}/discontinue`, { reason: 'client-request' }, MANAGER],
    ["the draft note's save", 'put', note, content, THERAPIST],
    ['a signature', 'post', `${note}/sign`, undefined, THERAPIST],
  ] as const)('forwards %s (a change that creates nothing) without asking for an Idempotency-Key', async (_case, method, path, body, actor) => {
    gw.answer = () => ({ status: 200, body: { id: APPOINTMENT_ID } });
    const res = await send(method, path, body, actor, null);
    expect(res.status).toBe(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: method.toUpperCase(), url: path });
    expect(forwarded.body === '' ? undefined : JSON.parse(forwarded.body)).toEqual(body);
    expect(forwarded.headers['idempotency-key']).toBeUndefined();
    expect(gw.assertedActor(forwarded, 'treatment')).toMatchObject(actor);
  });

  it.each([
    ['a plan', `${client}/plans`, plan],
    ['an amendment', `${note}/amendments`, { kind: 'addendum', reason: 'ROM after.', content }],
  ])('refuses %s without Idempotency-Key with 400 problem+json naming the header, forwarding nothing', async (_case, path, body) => {
    const res = await send('post', path, body, THERAPIST, null);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body)).toEqual(['Idempotency-Key']);
    expect(gw.received).toEqual([]);
  });

  it.each([
    ['pain off the 0–10 scale', 'pain.0.before', { ...content, pain: [{ region: 'neck', before: 11 }] }],
    ['a technique off the catalogue', 'work.0.technique', { ...content, work: [{ technique: 'reiki', region: 'neck', pressure: 'P3', minutes: 10 }] }],
    ['a pressure off the scale', 'work.0.pressure', { ...content, work: [{ technique: 'swedish', region: 'neck', pressure: 'P9', minutes: 10 }] }],
    ['no work list', 'work', { ...content, work: undefined }],
    ['an unknown field', 'diagnosis', { ...content, diagnosis: 'M54.2' }],
  ])('refuses a note with %s: 400 naming %s, forwarding nothing', async (_case, field, body) => {
    const res = await send('put', note, body, THERAPIST, null);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain(field);
    expect(gw.received).toEqual([]);
  });

  it('refuses ids that are not uuids in the path (400 naming them), forwarding nothing', async () => {
    const session = await get(`${client}/sessions/not-a-uuid/note`);
    const planned = await get(`${client}/plans/plan-1/outcomes`);
    const person = await get('/locations/downtown/clients/ada/record/fhir');
    expect([session.status, planned.status, person.status]).toEqual([400, 400, 400]);
    expect([fields(session.body), fields(planned.body), fields(person.body)]).toEqual([['appointmentId'], ['planId'], ['clientId']]);
    expect(gw.received).toEqual([]);
  });

  it.each([
    ['a note', note, 'note.read'],
    ['the plans', `${client}/plans`, 'plan.list'],
    ['a plan', `${client}/plans/${PLAN_ID}`, 'plan.read'],
    ["a plan's outcome trend", `${client}/plans/${PLAN_ID}/outcomes`, 'plan.outcomes'],
  ])('forwards a read of %s to treatment and audit-logs it with the client', async (_case, path, action) => {
    gw.answer = () => ({ status: 200, body: { id: 'x' } });
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(gw.single()).toMatchObject({ method: 'GET', url: path });
    expect(auditLines(log)).toEqual([
      expect.objectContaining({ audit: 'health-data.read', who: expect.objectContaining({ sub: THERAPIST.subject, role: 'therapist' }), what: { action, locationId: 'downtown', clientId: CLIENT_ID }, outcome: { status: 200, disclosed: true } }),
    ]);
  });

  // The FHIR record is composed from intake's and treatment's parts: fhir-record.http.spec.ts.

  it('relays the 403 of a therapist treatment finds not in the client’s care, and audits that nothing was disclosed', async () => {
    gw.answer = () => ({ status: 403, type: 'application/problem+json', body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Not allowed: the client is not in the actor’s care.' } });
    const res = await get(note, { subject: 'therapist-kim', role: 'therapist' });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(gw.received).toHaveLength(1);
    expect(auditLines(log)).toEqual([expect.objectContaining({ who: expect.objectContaining({ sub: 'therapist-kim' }), what: expect.objectContaining({ action: 'note.read' }), outcome: { status: 403, disclosed: false } })]);
  });

  it("relays treatment's refusal of restricted work as it is: the rule in type, the screening rule and the lines refused", async () => {
    const problem = {
      type: 'https://massage.example/problems/contraindicated',
      title: 'Unprocessable Entity',
      status: 422,
      rule: 'contraindicated',
      refusals: [{ rule: 'contraindicated', screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'], items: [1] }],
    };
    gw.answer = () => ({ status: 422, type: 'application/problem+json', body: { ...problem, instance: note } });
    const res = await send('put', note, { ...content, work: [...content.work, { technique: 'deep-tissue', region: 'left-calf', pressure: 'P4', minutes: 10 }] }, THERAPIST, null);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ ...problem, instance: `/v1${note}` });
  });

  it('refuses the front desk every note, plan and record route, and HQ writing a note (403, nothing forwarded)', async () => {
    const refused = [
      await get(note, FRONT_DESK),
      await get(`${client}/record/fhir`, FRONT_DESK),
      await get(`${client}/plans`, FRONT_DESK),
      await get(`${client}/plans/${PLAN_ID}/outcomes`, FRONT_DESK),
      await send('put', note, content, FRONT_DESK, null),
      await send('post', `${note}/sign`, undefined, FRONT_DESK, null),
      await send('post', `${note}/amendments`, { kind: 'correction', reason: 'x', content }, FRONT_DESK),
      await send('post', `${client}/plans`, plan, FRONT_DESK),
      await send('put', note, content, HQ, null),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403]);
    expect(gw.received).toEqual([]);
  });

  describe("a therapist's own sessions", () => {
    const own = '/locations/downtown/therapists/me/sessions';

    it.each([
      ['today (no date)', own],
      ['a given day', `${own}?date=2026-03-09`],
    ])('forwards the list of %s to treatment as the therapist, with no log line of its own (treatment audits it)', async (_case, path) => {
      gw.answer = () => ({ status: 200, body: { locationId: 'downtown', date: '2026-03-09', timeZone: 'America/Toronto', sessions: [] } });
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ date: '2026-03-09', sessions: [] });
      const forwarded = gw.single();
      expect(forwarded).toMatchObject({ method: 'GET', url: path });
      expect(gw.assertedActor(forwarded, 'treatment')).toMatchObject(THERAPIST);
      expect(auditLines(log)).toEqual([]);
    });

    it.each([['2026-02-30'], ['today'], ['09-03-2026']])('refuses date=%s with 400 problem+json naming date, forwarding nothing', async (date) => {
      const res = await get(`${own}?date=${date}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect([...new Set(fields(res.body))]).toEqual(['date']);
      expect(gw.received).toEqual([]);
    });

    it('refuses an unknown query parameter (400 naming it), forwarding nothing', async () => {
      const res = await get(`${own}?therapistId=${CLIENT_ID}`);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['therapistId']);
      expect(gw.received).toEqual([]);
    });

    it('refuses every role but the therapist, and a therapist at another location (403, nothing forwarded)', async () => {
      const refused = [await get(own, FRONT_DESK), await get(own, MANAGER), await get(own, HQ), await get('/locations/uptown/therapists/me/sessions')];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(gw.received).toEqual([]);
    });
  });

  // The OpenAPI document, as /docs-json serves it (operations by path and method).
  type Documented = Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: { content: Record<string, { examples?: object }> }; responses: Record<string, { content?: Record<string, { example?: { rule?: string } }> }> }>>;
  const documented = async (): Promise<Documented> => ((await gw.http.get('/docs-json').expect(200)).body as { paths: Documented }).paths;

  it('documents the creating POSTs with the required Idempotency-Key, and restricted work as problem+json naming the rule', async () => {
    const paths = await documented();
    for (const path of ['/v1/locations/{locationId}/clients/{clientId}/plans', '/v1/locations/{locationId}/clients/{clientId}/sessions/{appointmentId}/note/amendments']) {
      const post = paths[path]?.['post'];
      expect({ path, parameters: post?.parameters }).toEqual({ path, parameters: expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]) });
      expect(post?.responses['422']?.content?.['application/problem+json']?.example?.rule).toBe('contraindicated');
    }
    const save = paths['/v1/locations/{locationId}/clients/{clientId}/sessions/{appointmentId}/note']?.['put'];
    expect(save?.responses['409']?.content?.['application/problem+json']?.example?.rule).toBe('note-signed');
    expect(save?.responses['403']?.content?.['application/problem+json']?.example?.rule).toBe('not-your-session');
  });

  it('documents every treatment operation, each with a body with an example, and the FHIR record as application/fhir+json', async () => {
    const paths = await documented();
    const treatment = Object.entries(paths).filter(([path]) => /^\/v1\/locations\/\{locationId\}\/clients\/\{clientId\}\/(plans|sessions|record)\b/.test(path));
    const operations = treatment.flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })));
    expect(operations).toHaveLength(12);
    for (const { route, op } of operations.filter(({ op }) => op.requestBody)) {
      expect({ route, examples: Object.keys(op.requestBody?.content['application/json']?.examples ?? {}).length > 0 }).toEqual({ route, examples: true });
    }
    expect(Object.keys(paths['/v1/locations/{locationId}/clients/{clientId}/record/fhir']?.['get']?.responses['200']?.content ?? {})).toEqual(['application/fhir+json']);
  });

  it("documents the therapist's own day with its date query and an example answer", async () => {
    const list = (await documented())['/v1/locations/{locationId}/therapists/me/sessions']?.['get'];
    expect(list?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'date', in: 'query', required: false })]));
    const example = list?.responses['200']?.content?.['application/json']?.example as { sessions?: { status: string }[] } | undefined;
    expect(example?.sessions?.map((s) => s.status)).toEqual(['completed', 'checked-in', 'booked']);
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403']));
  });
});
