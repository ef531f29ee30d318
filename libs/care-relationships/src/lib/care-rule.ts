/*
 * The care rule (ADR 0014, docs/security.md "Care relationships"), as pure functions: no framework, no database,
 * so the rule is tested in milliseconds and the SQL around it only stores what it decides.
 *
 * Each appointment gives the therapist it is booked with a *care window*: from the booking to the appointment's
 * end plus a retention period while it stands; closed at the moment it is cancelled, recorded as a no-show, or
 * moved to another therapist. A therapist's relationship with a client at a location spans the windows of all
 * their appointments together.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a therapist keeps reading a client's record after the end of an appointment that stands. */
export interface CarePolicy {
  retentionMs: number;
}

/** The default retention: 30 days after the end of the last appointment that was not cancelled. */
export const DEFAULT_CARE_RETENTION_DAYS = 30;

export function carePolicyOfDays(days: number): CarePolicy {
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new Error(`care retention must be a whole number of days from 0 to 3650, got ${days}`);
  return { retentionMs: days * DAY_MS };
}

/** One therapist's access through one appointment: `since` ≤ t < `until`. */
export interface CareWindow {
  therapistId: string;
  since: Date;
  until: Date;
}

/** What the projection remembers of one appointment: where, whose, with whom now, and every therapist's window. */
export interface AppointmentCare {
  appointmentId: string;
  clientId: string;
  locationId: string;
  therapistId: string;
  endsAt: Date;
  /** Cancelled or a no-show: final, no later event of the appointment reopens a window. */
  ended: boolean;
  /** The instant of the last event applied (the booking's, the move's, the cancellation's). */
  changedAt: Date;
  windows: CareWindow[];
}

interface AppointmentIds {
  appointmentId: string;
  clientId: string;
  locationId: string;
  therapistId: string;
}

/** An appointment event as the rule reads it (mapped from AppointmentBooked/Rescheduled/Cancelled, NoShowRecorded). */
export type AppointmentCareFact =
  | (AppointmentIds & { kind: 'booked' | 'rescheduled'; endsAt: Date; at: Date })
  | (AppointmentIds & { kind: 'ended'; at: Date });

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const earlier = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

/** Open (or reopen) `therapistId`'s window from `at` to the appointment's end plus the retention. */
function open(windows: CareWindow[], therapistId: string, at: Date, endsAt: Date, policy: CarePolicy): CareWindow[] {
  const until = later(new Date(endsAt.getTime() + policy.retentionMs), at);
  const mine = windows.find((w) => w.therapistId === therapistId);
  if (!mine) return [...windows, { therapistId, since: at, until }];
  return windows.map((w) => (w === mine ? { ...w, since: earlier(w.since, at), until } : w));
}

/** Close `therapistId`'s window at `at` (never later than it already ended). */
function close(windows: CareWindow[], therapistId: string, at: Date): CareWindow[] {
  return windows.map((w) => (w.therapistId === therapistId ? { ...w, until: later(earlier(w.until, at), w.since) } : w));
}

/**
 * The appointment after `fact`, or `undefined` when the fact changes nothing: an event older than the last one
 * applied (a replay, a late duplicate), or any booking or move of an appointment already ended. Applying the
 * same fact twice gives the same appointment. A move or cancellation whose booking was never seen (a topic read
 * from a trimmed start) is applied as it comes: a move opens a window from its own instant, a cancellation
 * leaves an ended appointment with no window.
 */
export function applyAppointmentFact(current: AppointmentCare | undefined, fact: AppointmentCareFact, policy: CarePolicy): AppointmentCare | undefined {
  if (current && (current.ended || fact.at.getTime() < current.changedAt.getTime())) return undefined;
  const base = { appointmentId: fact.appointmentId, clientId: fact.clientId, locationId: fact.locationId, changedAt: fact.at };
  if (fact.kind === 'ended') {
    // The event names the therapist it ended with; a move this projection missed would leave another one open.
    const windows = current ? close(close(current.windows, current.therapistId, fact.at), fact.therapistId, fact.at) : [];
    return { ...base, therapistId: fact.therapistId, endsAt: current?.endsAt ?? fact.at, ended: true, windows };
  }
  let windows = current?.windows ?? [];
  if (current && current.therapistId !== fact.therapistId) windows = close(windows, current.therapistId, fact.at);
  windows = open(windows, fact.therapistId, fact.at, fact.endsAt, policy);
  return { ...base, therapistId: fact.therapistId, endsAt: fact.endsAt, ended: false, windows };
}

/** A therapist's relationship with a client at a location: the span of their windows, or none without one. */
export interface CareSpan {
  since: Date;
  until: Date;
}

/**
 * The span of `windows` (first start, last end). Every window opens at the instant of its event, so from then on
 * the span and the windows agree on whether an instant is covered: a gap between two windows lies in the past.
 */
export function careSpanOf(windows: readonly Pick<CareWindow, 'since' | 'until'>[]): CareSpan | undefined {
  if (windows.length === 0) return undefined;
  return {
    since: new Date(Math.min(...windows.map((w) => w.since.getTime()))),
    until: new Date(Math.max(...windows.map((w) => w.until.getTime()))),
  };
}

/** Whether a relationship holds at `now` (an open-ended one, `until` null, always does once started). */
export function isCurrentAt(span: { since: Date; until: Date | null }, now: Date): boolean {
  return span.since.getTime() <= now.getTime() && (span.until === null || now.getTime() < span.until.getTime());
}
