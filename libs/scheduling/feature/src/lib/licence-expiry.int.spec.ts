import { LicenceExpiring, type LicenceExpiringV1 } from '@massage/contracts';
import { ManualClock } from '@massage/platform';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { NotifyExpiringLicencesService } from './commands/notify-expiring-licences/notify-expiring-licences.service';
import { LicenceExpiryJob } from './licences/licence-expiry.job';
import { openTestLocation, SchedulingCaller, startSchedulingTestApp, type SchedulingTestApp } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const keys = generateAssertionKeyPair('licence-expiry-spec');
const manager: Actor = { subject: `manager@${HOME}`, role: 'location-manager', locationId: HOME };

/**
 * The licence notice job on a real PostgreSQL, its clock moved instead of waited for: a Toronto therapist's
 * licence whose last day is 2026-04-30 has its notice window open at Toronto's midnight starting 2026-03-31
 * (04:00Z, EDT). Events are read from the outbox (the relay is off).
 */
describe('LicenceExpiring (the notice job, PostgreSQL)', () => {
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let therapistId: string;

  const notices = async (): Promise<{ key: string; payload: LicenceExpiringV1 }[]> =>
    (await t.pg.query(`SELECT key, payload FROM outbox WHERE type = $1 ORDER BY seq`, [LicenceExpiring.type])).rows as { key: string; payload: LicenceExpiringV1 }[];
  /** Moves the clock; every run of the job due by then (and any it re-armed for an instant already past) is over. */
  const moveTo = async (at: string): Promise<void> => {
    clock.advanceTo(at);
    await t.app.get(LicenceExpiryJob).idle();
  };

  beforeAll(async () => {
    process.env['LICENCE_NOTICE_SWEEP_MS'] = String(6 * 3_600_000);
    t = await startSchedulingTestApp('licnotice', { gatewayPublicKeysJson: keys.publicKeysJson, now: clock.now(), manualClock: clock });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    await openTestLocation(api, HOME);
    const res = await api.post(manager, `/locations/${HOME}/therapists`, { subject: 'therapist-lapsing', displayName: 'Lee', licence: { number: 'RMT-9', jurisdiction: 'CA-ON', expiresOn: '2026-04-30' } });
    expect(res.status).toBe(201);
    therapistId = (res.body as TherapistResponse).id;
  });

  afterAll(async () => {
    await t?.close();
    delete process.env['LICENCE_NOTICE_SWEEP_MS'];
  });

  it('publishes nothing 31 days before the last valid day', async () => {
    await moveTo('2026-03-30T23:00:00Z');
    expect(await notices()).toEqual([]);
    // Armed for the window's first instant, not only for the next sweep.
    expect(t.app.get(LicenceExpiryJob).nextRunAt()?.toISOString()).toBe('2026-03-31T04:00:00.000Z');
  });

  it("publishes one notice at the start of the 30th day before, Toronto's midnight, keyed by therapist, with the therapist's locations", async () => {
    await moveTo('2026-03-31T03:59:59.999Z');
    expect(await notices()).toEqual([]);
    await moveTo('2026-03-31T04:00:00Z');
    expect(await notices()).toEqual([
      {
        key: therapistId,
        payload: { therapistId, jurisdiction: 'CA-ON', expiresOn: '2026-04-30', locationIds: [HOME], noticedAt: '2026-03-31T04:00:00.000Z' },
      },
    ]);
  });

  it('never publishes it twice: more runs, and two replicas running at once', async () => {
    await moveTo('2026-04-02T12:00:00Z');
    const service = t.app.get(NotifyExpiringLicencesService);
    await Promise.all([service.runDue(clock.now()), service.runDue(clock.now())]);
    expect(await notices()).toHaveLength(1);
  });

  it('announces a renewed licence (a new expiry) again, 30 days before the new last day and not earlier', async () => {
    await api.put(manager, `/locations/${HOME}/therapists/${therapistId}/licence`, { number: 'RMT-9', jurisdiction: 'CA-ON', expiresOn: '2027-04-30' }).expect(200);
    await moveTo('2026-04-30T12:00:00Z');
    await moveTo('2027-03-30T12:00:00Z');
    expect(await notices()).toHaveLength(1);
    await moveTo('2027-03-31T04:00:00Z');
    expect((await notices()).map((n) => n.payload.expiresOn)).toEqual(['2026-04-30', '2027-04-30']);
    expect((await t.pg.query(`SELECT expires_on::text FROM licence_notice WHERE therapist_id = $1 ORDER BY expires_on`, [therapistId])).rows).toEqual([
      { expires_on: '2026-04-30' },
      { expires_on: '2027-04-30' },
    ]);
  });

  it('finds a licence recorded inside its window at the next sweep', async () => {
    const res = await api.post(manager, `/locations/${HOME}/therapists`, { subject: 'therapist-late', displayName: 'Kim', licence: { number: 'RMT-10', jurisdiction: 'CA-ON', expiresOn: '2027-04-10' } });
    expect(res.status).toBe(201);
    const late = (res.body as TherapistResponse).id;
    expect((await notices()).filter((n) => n.key === late)).toEqual([]);
    await moveTo('2027-03-31T10:00:00Z');
    expect((await notices()).filter((n) => n.key === late).map((n) => n.payload.expiresOn)).toEqual(['2027-04-10']);
  });
});
