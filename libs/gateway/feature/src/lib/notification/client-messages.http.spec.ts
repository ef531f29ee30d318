import { startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const MESSAGE = '5c7e9a1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b';
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };
const base = (location = 'downtown') => `/v1/locations/${location}/clients/${CLIENT}`;
const fields = (body: unknown): string[] => [...new Set(((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name))];

describe("gateway: a client's messages and preferences", () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = () => ({ status: 200, body: { items: [] } });
  });

  it("forwards the front desk's reads to notification, as the front desk", async () => {
    await gw.http.get(`${base()}/messages`).set('authorization', gw.bearer(FRONT_DESK)).expect(200);
    expect(gw.single()).toMatchObject({ method: 'GET', url: `/locations/downtown/clients/${CLIENT}/messages` });
    gw.received.length = 0;
    await gw.http.get(`${base()}/preferences`).set('authorization', gw.bearer(FRONT_DESK)).expect(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'GET', url: `/locations/downtown/clients/${CLIENT}/preferences` });
    expect(gw.assertedActor(forwarded, 'notification')).toMatchObject(FRONT_DESK);
  });

  it('forwards a resend and relays its 202', async () => {
    gw.answer = () => ({ status: 202, body: { id: 'x', resendOf: MESSAGE } });
    const res = await gw.http.post(`${base()}/messages/${MESSAGE}/resend`).set('authorization', gw.bearer(FRONT_DESK));
    expect(res.status).toBe(202);
    expect(gw.single()).toMatchObject({ method: 'POST', url: `/locations/downtown/clients/${CLIENT}/messages/${MESSAGE}/resend` });
  });

  it('forwards a valid PUT of the preferences unchanged', async () => {
    const body = { optedOut: ['sms'], quietHoursOptOut: true, language: 'fr' };
    await gw.http.put(`${base()}/preferences`).set('authorization', gw.bearer(FRONT_DESK)).send(body).expect(200);
    expect(JSON.parse(gw.single().body)).toEqual(body);
  });

  it.each([
    ['a therapist', 'get', 'messages', {}, { subject: 't-1', role: 'therapist' }, 'downtown', 403, []],
    ["another location's front desk", 'get', 'messages', {}, FRONT_DESK, 'uptown', 403, []],
    ['a therapist changing preferences', 'put', 'preferences', { optedOut: [], quietHoursOptOut: false, language: 'en' }, { subject: 't-1', role: 'therapist' }, 'downtown', 403, []],
    ['a channel that is not one', 'put', 'preferences', { optedOut: ['fax'], quietHoursOptOut: false, language: 'en' }, FRONT_DESK, 'downtown', 400, ['optedOut']],
    ['a language not offered', 'put', 'preferences', { optedOut: [], quietHoursOptOut: false, language: 'de' }, FRONT_DESK, 'downtown', 400, ['language']],
  ] as const)('refuses %s, forwarding nothing', async (_case, method, what, body, actor, location, status, named) => {
    const req = method === 'get' ? gw.http.get(`${base(location)}/${what}`) : gw.http.put(`${base(location)}/${what}`).send(body);
    const res = await req.set('authorization', gw.bearer(actor));
    expect([res.status, fields(res.body)]).toEqual([status, named]);
    expect(gw.received).toEqual([]);
  });
});
