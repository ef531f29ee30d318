import { randomUUID } from 'node:crypto';
import { AppointmentCancelled, AppointmentCompleted, ClientCheckedIn, NoShowRecorded } from '@massage/contracts';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { OwnSessionsResponse, PlanResponse } from '@massage/treatment-api';
import { HOME, KIM_ID, SAM_ID, checkedInSession, desk, kim, manager, noteBody, planBody, registerTherapists, sam, screen } from './testing/treatment-scenario';
import { startTreatmentTestApp, TreatmentCaller, type TreatmentTestApp } from './testing/treatment-test-app';

jest.setTimeout(60_000);

const keys = generateAssertionKeyPair('treatment-own-sessions-spec');
const PATH = `/locations/${HOME}/therapists/me/sessions`;

/**
 * A therapist's day (`GET …/therapists/me/sessions`) on PostgreSQL, with the projections filled by the handlers as
 * scheduling's events would: only the actor's sessions, of the location's local day (Toronto, UTC−4 after the DST
 * change of 8 March 2026), by start, with status, note and active plan; audited; refused to everyone but therapists.
 */
describe("a therapist's own sessions (PostgreSQL)", () => {
  let t: TreatmentTestApp;
  let api: TreatmentCaller;
  const [ana, ben, cy, dee, eve] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const ids: Record<string, string> = {};
  let planId: string;
  const rows = async (sql: string, params: unknown[] = []) => (await t.pg.query(sql, params)).rows as Record<string, unknown>[];

  beforeAll(async () => {
    // 02:30 UTC on 10 March is 22:30 on 9 March in Toronto: "today" there is the 9th.
    t = await startTreatmentTestApp('treat_own_sessions', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-10T02:30:00Z' });
    api = new TreatmentCaller(t.baseUrl, keys.signer);
    await registerTherapists(t);
    await screen(t, ana, []);
    // Sam's 9 March: Ana at 10:00 (signed, completed, on a plan), Cy at 12:00 (checked in), Dee at 14:00 (cancelled),
    // Ben at 15:00 (no-show), Eve at 16:00 (booked with Kim, checked in with Sam), Ben at 21:00 (booked; 01:00 UTC on the 10th).
    ids['ana'] = await checkedInSession(t, ana, SAM_ID, '2026-03-09T14:00:00Z', false);
    const created = await api.post(sam, `/locations/${HOME}/clients/${ana}/plans`, planBody());
    expect(created.status).toBe(201);
    planId = (created.body as PlanResponse).id;
    ids['cy'] = await checkedInSession(t, cy, SAM_ID, '2026-03-09T16:00:00Z');
    ids['dee'] = await checkedInSession(t, dee, SAM_ID, '2026-03-09T18:00:00Z', false);
    ids['noShow'] = await checkedInSession(t, ben, SAM_ID, '2026-03-09T19:00:00Z', false);
    ids['eve'] = await checkedInSession(t, eve, KIM_ID, '2026-03-09T20:00:00Z', false);
    ids['ben'] = await checkedInSession(t, ben, SAM_ID, '2026-03-10T01:00:00Z', false);
    // Not on Sam's 9 March: Kim's session, Sam's at 23:00 on the 8th (03:00 UTC on the 9th) and Sam's on the 10th.
    ids['kim'] = await checkedInSession(t, dee, KIM_ID, '2026-03-09T15:00:00Z', false);
    ids['eighth'] = await checkedInSession(t, ben, SAM_ID, '2026-03-09T03:00:00Z', false);
    ids['tenth'] = await checkedInSession(t, cy, SAM_ID, '2026-03-10T14:00:00Z', false);

    // Ana arrives, Sam documents and signs, the desk completes the appointment; Dee cancels.
    const base = { locationId: HOME, clientId: ana, therapistId: SAM_ID, startsAt: '2026-03-09T14:00:00.000Z' };
    await t.deliver(ClientCheckedIn, { appointmentId: String(ids['ana']), ...base, checkedInAt: '2026-03-09T13:58:00.000Z' });
    const notePath = `/locations/${HOME}/clients/${ana}/sessions/${ids['ana']}/note`;
    expect((await api.put(sam, notePath, noteBody())).status).toBe(200);
    expect((await api.post(sam, `${notePath}/sign`)).status).toBe(200);
    await t.deliver(AppointmentCompleted, { appointmentId: String(ids['ana']), ...base, completedAt: '2026-03-09T15:05:00.000Z' });
    await t.deliver(NoShowRecorded, { appointmentId: String(ids['noShow']), locationId: HOME, clientId: ben, therapistId: SAM_ID, startsAt: '2026-03-09T19:00:00.000Z', recordedAt: '2026-03-09T19:20:00.000Z' });
    // The desk swapped Eve's therapist at the door: the note (and so the session) is Sam's, as `own-sessions` decides.
    await t.deliver(ClientCheckedIn, { appointmentId: String(ids['eve']), locationId: HOME, clientId: eve, therapistId: SAM_ID, startsAt: '2026-03-09T20:00:00.000Z', checkedInAt: '2026-03-09T19:55:00.000Z' });
    await t.deliver(AppointmentCancelled, {
      appointmentId: String(ids['dee']),
      locationId: HOME,
      clientId: dee,
      therapistId: SAM_ID,
      startsAt: '2026-03-09T18:00:00.000Z',
      cancelledAt: '2026-03-09T12:00:00.000Z',
      lateCancellation: false,
      reason: 'client-request',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("lists the actor's sessions of today in the location's zone, by start, with status, note and active plan", async () => {
    const res = await api.get(sam, PATH);
    expect(res.status).toBe(200);
    const day = res.body as OwnSessionsResponse;
    expect({ locationId: day.locationId, date: day.date, timeZone: day.timeZone }).toEqual({ locationId: HOME, date: '2026-03-09', timeZone: 'America/Toronto' });
    const noteOf = async (appointmentId: string) => (await rows(`SELECT note_id FROM session_note WHERE appointment_id = $1`, [appointmentId]))[0]?.['note_id'];
    expect(day.sessions.map((s) => [s.appointmentId, s.localStartTime, s.status, s.note, s.activePlanId])).toEqual([
      [ids['ana'], '10:00', 'completed', { id: await noteOf(String(ids['ana'])), status: 'signed' }, planId],
      [ids['cy'], '12:00', 'checked-in', { id: await noteOf(String(ids['cy'])), status: 'draft' }, null],
      [ids['dee'], '14:00', 'cancelled', null, null],
      [ids['noShow'], '15:00', 'no-show', null, null],
      [ids['eve'], '16:00', 'checked-in', { id: await noteOf(String(ids['eve'])), status: 'draft' }, null],
      [ids['ben'], '21:00', 'booked', null, null],
    ]);
    expect(day.sessions[5]).toEqual({
      appointmentId: ids['ben'],
      clientId: ben,
      serviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      startsAt: '2026-03-10T01:00:00.000Z',
      endsAt: '2026-03-10T02:00:00.000Z',
      localStartTime: '21:00',
      status: 'booked',
      techniques: ['swedish'],
      focusRegions: ['neck'],
      pressure: 'P3',
      note: null,
      activePlanId: null,
    });
  });

  it("shows another therapist only their own: Kim sees Kim's session, none of Sam's, not the one handed to Sam at check-in", async () => {
    const res = await api.get(kim, PATH);
    expect(res.status).toBe(200);
    expect((res.body as OwnSessionsResponse).sessions.map((s) => [s.appointmentId, s.clientId, s.localStartTime])).toEqual([[ids['kim'], dee, '11:00']]);
  });

  it('lists the local day asked for, its bounds taken in the zone', async () => {
    const tenth = await api.get(sam, `${PATH}?date=2026-03-10`);
    expect((tenth.body as OwnSessionsResponse).sessions.map((s) => s.appointmentId)).toEqual([ids['tenth']]);
    const eighth = await api.get(sam, `${PATH}?date=2026-03-08`);
    expect((eighth.body as OwnSessionsResponse).sessions.map((s) => [s.appointmentId, s.localStartTime])).toEqual([[ids['eighth'], '23:00']]);
    expect((await api.get(sam, `${PATH}?date=2026-03-11`)).body).toMatchObject({ date: '2026-03-11', sessions: [] });
  });

  it.each([['2026-02-30'], ['today'], ['2026-03-09T00:00:00Z']])('refuses date=%s with 400 problem+json naming date', async (date) => {
    const res = await api.get(sam, `${PATH}?date=${encodeURIComponent(date)}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect([...new Set((res.body['invalid-params'] as { name: string }[]).map((p) => p.name))]).toEqual(['date']);
  });

  it('refuses the front desk and the manager (403): the list is a therapist’s own', async () => {
    expect((await api.get(desk, PATH)).status).toBe(403);
    expect((await api.get(manager, PATH)).status).toBe(403);
  });

  it('audits every listing as a read naming no client', async () => {
    const before = (await rows(`SELECT count(*)::int AS n FROM audit_record WHERE operation = 'session.list-own'`))[0]?.['n'] as number;
    await api.get(sam, PATH).expect(200);
    expect(await rows(`SELECT actor_subject, action, operation, resource_type, client_id, location_id, outcome FROM audit_record WHERE operation = 'session.list-own' ORDER BY seq DESC LIMIT 1`)).toEqual([
      { actor_subject: sam.subject, action: 'read', operation: 'session.list-own', resource_type: 'session-list', client_id: null, location_id: HOME, outcome: 'allowed' },
    ]);
    expect((await rows(`SELECT count(*)::int AS n FROM audit_record WHERE operation = 'session.list-own'`))[0]?.['n']).toBe(before + 1);
  });
});
