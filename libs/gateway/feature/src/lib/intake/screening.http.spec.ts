import { Logger } from '@nestjs/common';
import type { ScreeningOutcomeResponse, ScreeningResponse } from '@massage/intake-api';
import { auditLines, startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const outcome: ScreeningOutcomeResponse = {
  id: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: CLIENT_ID,
  locationId: 'downtown',
  intakeId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  tableVersion: '2026.1',
  asOf: '2026-11-27T10:00:00.000Z',
  trigger: 'intake',
  outcome: 'modified',
};
const full: ScreeningResponse = {
  ...outcome,
  restrictions: [{ rule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue'], regions: 'all', maxPressure: 'P2', positioning: [], summary: 'cap-pressure', triggeredBy: ['answers.medications.0'] }],
  reAskEveryVisit: ['ANTICOAG'],
};

describe('gateway: screening routes', () => {
  let gw: RecordingGateway;
  let log: jest.SpyInstance;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => log.mockRestore());

  it.each([
    ['front desk', { role: 'front-desk' as const }, outcome],
    ['a therapist (intake settles the care relationship)', { subject: 'therapist-7', role: 'therapist' as const }, full],
    ['a manager', { subject: 'mgr-1', role: 'location-manager' as const }, full],
  ])('forwards %s to intake with its actor and relays the answer intake shaped for that role, audit-logged', async (_who, actor, shaped) => {
    gw.answer = () => ({ status: 200, body: shaped });
    const res = await gw.http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/screening`).set('authorization', gw.bearer(actor));

    expect(res.status).toBe(200);
    expect(res.body).toEqual(shaped);
    expect(gw.received.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /locations/downtown/clients/${CLIENT_ID}/screening`]);
    expect(gw.assertedActor(gw.single())).toMatchObject(actor);
    expect(auditLines(log)).toEqual([
      expect.objectContaining({ audit: 'health-data.read', what: { action: 'screening.read', locationId: 'downtown', clientId: CLIENT_ID }, outcome: { status: 200, disclosed: true } }),
    ]);
  });

  it('forwards the history and audits it as a list', async () => {
    gw.answer = () => ({ status: 200, body: { items: [outcome] } });
    const res = await gw.http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/screenings`).set('authorization', gw.bearer());
    expect(res.status).toBe(200);
    expect(gw.received.map((r) => r.url)).toEqual([`/locations/downtown/clients/${CLIENT_ID}/screenings`]);
    expect(auditLines(log)).toEqual([expect.objectContaining({ what: { action: 'screening.list', locationId: 'downtown', clientId: CLIENT_ID }, outcome: { status: 200, disclosed: true } })]);
  });

  it("passes intake's 404 (no screening yet) through as problem+json and audits that nothing was disclosed", async () => {
    gw.answer = () => ({ status: 404, type: 'application/problem+json', body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No screening yet.' } });
    const res = await gw.http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/screening`).set('authorization', gw.bearer());
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(auditLines(log)).toEqual([expect.objectContaining({ outcome: { status: 404, disclosed: false } })]);
  });

  it('refuses a client id that is not a uuid (400 naming it) and another location (403), forwarding nothing', async () => {
    const bad = await gw.http.get('/v1/locations/downtown/clients/not-a-uuid/screening').set('authorization', gw.bearer());
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params']).toEqual([{ name: 'clientId', reason: 'must be a uuid' }]);
    const away = await gw.http.get(`/v1/locations/uptown/clients/${CLIENT_ID}/screenings`).set('authorization', gw.bearer({ role: 'location-manager' }));
    expect(away.status).toBe(403);
    expect(gw.received).toEqual([]);
  });
});
