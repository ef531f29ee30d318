import { startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const MANAGER = { subject: 'mgr-1', role: 'location-manager' as const };
const FRONT_DESK = { subject: 'fd-1', role: 'front-desk' as const };
const url = (location = 'downtown') => `/v1/locations/${location}/message-settings`;
const VALID = {
  reminderOffsetsMinutes: [1440, 60],
  preVisitCheckMinutes: null,
  quietHours: { from: '22:00', to: '07:00' },
};
const fields = (body: unknown): string[] => [
  ...new Set(((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name)),
];

describe("gateway: a location's message settings", () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = () => ({ status: 200, body: { locationId: 'downtown', ...VALID } });
  });

  it("forwards the front desk's read to notification, as the front desk", async () => {
    await gw.http.get(url()).set('authorization', gw.bearer(FRONT_DESK)).expect(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'GET', url: '/locations/downtown/message-settings' });
    expect(gw.assertedActor(forwarded, 'notification')).toMatchObject(FRONT_DESK);
  });

  it("forwards a manager's valid PUT unchanged, as the manager", async () => {
    await gw.http.put(url()).set('authorization', gw.bearer(MANAGER)).send(VALID).expect(200);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'PUT', url: '/locations/downtown/message-settings' });
    expect(JSON.parse(forwarded.body)).toEqual(VALID);
    expect(gw.assertedActor(forwarded, 'notification')).toMatchObject(MANAGER);
  });

  it("relays the service's 400 (quiet hours from = to: checked there)", async () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      'invalid-params': [{ name: 'quietHours.to', reason: 'must differ from quietHours.from' }],
    };
    gw.answer = () => ({ status: 400, body: problem });
    const res = await gw.http
      .put(url())
      .set('authorization', gw.bearer(MANAGER))
      .send({ ...VALID, quietHours: { from: '22:00', to: '22:00' } });
    expect([res.status, fields(res.body)]).toEqual([400, ['quietHours.to']]);
  });

  it.each([
    ['the front desk changing them', FRONT_DESK, 'downtown', VALID, 403, []],
    ["another location's manager", MANAGER, 'uptown', VALID, 403, []],
    ['a therapist', { subject: 't-1', role: 'therapist' as const }, 'downtown', VALID, 403, []],
    [
      'an offset of 0',
      MANAGER,
      'downtown',
      { ...VALID, reminderOffsetsMinutes: [1440, 0] },
      400,
      ['reminderOffsetsMinutes'],
    ],
    [
      'five reminders',
      MANAGER,
      'downtown',
      { ...VALID, reminderOffsetsMinutes: [10, 20, 30, 40, 50] },
      400,
      ['reminderOffsetsMinutes'],
    ],
    [
      'the pre-visit check left out (null turns it off)',
      MANAGER,
      'downtown',
      { reminderOffsetsMinutes: [60], quietHours: null },
      400,
      ['preVisitCheckMinutes'],
    ],
    [
      'a quiet hour not HH:mm',
      MANAGER,
      'downtown',
      { ...VALID, quietHours: { from: '7am', to: '07:00' } },
      400,
      ['quietHours.from'],
    ],
  ] as const)('refuses %s, forwarding nothing', async (_case, actor, location, body, status, named) => {
    const res = await gw.http.put(url(location)).set('authorization', gw.bearer(actor)).send(body);
    expect([res.status, fields(res.body)]).toEqual([status, named]);
    expect(gw.received).toEqual([]);
  });
});
