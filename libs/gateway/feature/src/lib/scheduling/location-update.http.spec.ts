import { startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const MANAGER = { subject: 'mgr-1', role: 'location-manager' as const };
const settings = {
  name: 'Downtown Toronto',
  timeZone: 'America/Toronto',
  jurisdiction: 'CA-ON',
  openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '17:00' }] }],
  cancellationWindowMinutes: 720,
};
/** The fields named in invalid-params, once each (a field breaking several constraints is listed per constraint). */
const fields = (body: unknown): string[] => [...new Set(((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name))];

describe('gateway: updating a location', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = () => ({ status: 200, body: { code: 'downtown' } });
  });
  const put = (body: object, actor: object = MANAGER, location = 'downtown') =>
    gw.http.put(`/v1/locations/${location}`).set('authorization', gw.bearer(actor)).set('content-type', 'application/json').send(body);

  it("forwards the manager's PUT unchanged to scheduling's location route, as the manager, without asking for an Idempotency-Key", async () => {
    const res = await put(settings);
    expect(res.status).toBe(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'PUT', url: '/locations/downtown' });
    expect(JSON.parse(forwarded.body)).toEqual(settings);
    expect(forwarded.headers['idempotency-key']).toBeUndefined();
    expect(gw.assertedActor(forwarded, 'scheduling')).toMatchObject(MANAGER);
  });

  it('relays a refused zone change as scheduling answered it', async () => {
    const problem = { type: 'https://massage.example/problems/zone-change-with-bookings', status: 409, rule: 'zone-change-with-bookings' };
    gw.answer = () => ({ status: 409, body: problem });
    const res = await put({ ...settings, timeZone: 'America/Vancouver' });
    expect([res.status, res.body]).toEqual([409, expect.objectContaining(problem)]);
  });

  it.each([
    ['a front desk', settings, { subject: 'fd-1', role: 'front-desk' }, 'downtown', 403, []],
    ["another location's manager", settings, MANAGER, 'uptown', 403, []],
    ['a code in the body (it never changes)', { ...settings, code: 'renamed' }, MANAGER, 'downtown', 400, ['code']],
    ['no cancellation window (a PUT replaces every setting)', { ...settings, cancellationWindowMinutes: undefined }, MANAGER, 'downtown', 400, ['cancellationWindowMinutes']],
    ['an unknown zone', { ...settings, timeZone: 'Mars/Olympus' }, MANAGER, 'downtown', 400, ['timeZone']],
  ] as const)('refuses %s, forwarding nothing', async (_case, body, actor, location, status, named) => {
    const res = await put(body, actor, location);
    expect([res.status, fields(res.body)]).toEqual([status, named]);
    expect(gw.received).toEqual([]);
  });
});
