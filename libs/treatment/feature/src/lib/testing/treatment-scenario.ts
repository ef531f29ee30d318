import { randomUUID } from 'node:crypto';
import { AppointmentBooked, ClientCheckedIn, ScreeningCompleted, TherapistRegistered, type ScreeningCompletedV1, type ScreeningRestrictionV1 } from '@massage/contracts';
import type { Actor } from '@massage/security';
import type { NoteContentBody, PlanTermsRequest } from '@massage/treatment-api';
import type { TreatmentTestApp } from './treatment-test-app';

/** The location of the scenarios, its staff (two therapists, a manager, a front desk) and HQ. */
export const HOME = 'downtown';
export const SAM_ID = randomUUID();
export const KIM_ID = randomUUID();
export const sam: Actor = { subject: 'therapist-sam', role: 'therapist', locationId: HOME };
export const kim: Actor = { subject: 'therapist-kim', role: 'therapist', locationId: HOME };
export const manager: Actor = { subject: 'manager-lee', role: 'location-manager', locationId: HOME };
export const desk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: HOME };
export const hq: Actor = { subject: 'hq-1', role: 'hq-admin', locationId: '*' };

/** Varicose veins in the left calf: no deep tissue or percussion there (a LOCAL rule of the screening table). */
export const VARICOSE_LEFT_CALF: ScreeningRestrictionV1 = { rule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue', 'percussion'], regions: ['left-calf'], positioning: [] };

/** Scheduling registered both therapists at the location (their staff subjects behind the scheduling ids). */
export async function registerTherapists(t: TreatmentTestApp): Promise<void> {
  for (const [therapistId, who] of [
    [SAM_ID, sam],
    [KIM_ID, kim],
  ] as const) {
    await t.deliver(TherapistRegistered, { therapistId, subject: who.subject, locationId: HOME, registeredAt: '2026-01-05T09:00:00.000Z' });
  }
}

/** Intake screened the client (as of `asOf`) with these restrictions. */
export async function screen(t: TreatmentTestApp, clientId: string, restrictions: ScreeningRestrictionV1[], asOf = '2026-03-01T10:00:00.000Z'): Promise<ScreeningCompletedV1> {
  const screening: ScreeningCompletedV1 = {
    screeningId: randomUUID(),
    clientId,
    locationId: HOME,
    intakeId: randomUUID(),
    tableVersion: '2026.1',
    asOf,
    trigger: 'intake',
    outcome: restrictions.length > 0 ? 'restricted' : 'cleared',
    restrictions,
    reAskEveryVisit: [],
  };
  await t.deliver(ScreeningCompleted, screening);
  return screening;
}

/** Scheduling booked the client with the therapist for an hour from `startsAt`, and (unless told not to) the client checked in: the session's appointment id. */
export async function checkedInSession(t: TreatmentTestApp, clientId: string, therapistId: string, startsAt: string, checkIn = true): Promise<string> {
  const appointmentId = randomUUID();
  const base = { appointmentId, locationId: HOME, clientId, therapistId };
  const start = new Date(startsAt);
  await t.deliver(AppointmentBooked, {
    ...base,
    roomId: randomUUID(),
    serviceId: randomUUID(),
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 60 * 60_000).toISOString(),
    techniques: ['swedish'],
    focusRegions: ['neck'],
    pressure: 'P3',
    bookedAt: '2026-03-01T09:00:00.000Z',
  });
  if (checkIn) await t.deliver(ClientCheckedIn, { ...base, startsAt: start.toISOString(), checkedInAt: new Date(start.getTime() - 5 * 60_000).toISOString() });
  return appointmentId;
}

/** A plan for a stiff neck: three PSFS activities, Swedish and myofascial release on neck and upper back up to P3, weekly for six weeks. */
export function planBody(over: Partial<PlanTermsRequest> = {}): PlanTermsRequest {
  return {
    goals: [
      { activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8 },
      { activity: 'Work at the desk for two hours', baselineScore: 4, targetScore: 8, by: '2026-04-30' },
      { activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
    ],
    focusRegions: ['neck', 'upper-back'],
    techniques: ['swedish', 'myofascial-release'],
    maxPressure: 'P3',
    frequency: { sessions: 1, everyWeeks: 1 },
    plannedSessions: 6,
    reassessOn: '2026-04-15',
    referral: { source: 'physiotherapist', referrer: 'Dr. A. Chen, Riverside Physio', reasonCode: 'M54.2' },
    ...over,
  };
}

/** A complete SOAP note: the client's words, the work, pain before and after, assessment and plan. */
export function noteBody(pain: { before: number; after: number } = { before: 6, after: 3 }, over: Partial<NoteContentBody> = {}): NoteContentBody {
  return {
    subjective: 'Neck stiff since a long drive on Monday; worse turning left.',
    objective: 'Hypertonic left upper trapezius, trigger point at C5 level.',
    rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
    work: [
      { technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 25 },
      { technique: 'swedish', region: 'upper-back', pressure: 'P2', minutes: 20 },
    ],
    pain: [{ region: 'neck', ...pain }],
    functionScores: [],
    assessment: 'Good response; rotation improved.',
    plan: 'Same focus next week; chin tucks at home.',
    ...over,
  };
}
