import { DateTime } from 'luxon';

/** A wall-clock time, `HH:mm`. */
export type LocalTime = string;

/** Nothing is sent between `from` and `to` local time (`from` after `to`: the span wraps midnight). */
export interface QuietHours {
  from: LocalTime;
  to: LocalTime;
}

/** A location's settings for the messages scheduled before a visit. */
export interface NotificationSettings {
  /**
   * How long before the start each reminder is due, in minutes. A whole number of days means the same local
   * clock time that many days before (a 24 h reminder of a 09:00 visit is due at 09:00 the day before, also across
   * a DST change: 23 or 25 elapsed hours); anything else is elapsed time (2 h before is 120 real minutes before).
   */
  reminderOffsetsMinutes: readonly number[];
  /** The pre-visit "anything changed?" check, the same way; null: none. */
  preVisitCheckMinutes: number | null;
  /** Null: the location sends at any hour. */
  quietHours: QuietHours | null;
}

export const DAY_MINUTES = 1_440;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  reminderOffsetsMinutes: [DAY_MINUTES, 120],
  preVisitCheckMinutes: 2 * DAY_MINUTES,
  quietHours: { from: '21:00', to: '08:00' },
};

/** `reminder-24h`, `reminder-2h`, `reminder-90m`, `pre-visit-check`. */
export type ScheduledKind = `reminder-${string}` | 'pre-visit-check';

export function reminderKind(offsetMinutes: number): ScheduledKind {
  return offsetMinutes % 60 === 0 ? `reminder-${offsetMinutes / 60}h` : `reminder-${offsetMinutes}m`;
}

export interface PlannedMessage {
  kind: ScheduledKind;
  dueAt: Date;
  /** True when the due instant fell in quiet hours and was moved to their end. */
  movedByQuietHours: boolean;
}

/**
 * Why a message of the plan is not scheduled:
 * - `past`: its due instant had already passed when planned (booked or moved at short notice: the confirmation or
 *   reschedule notice just told the client, a reminder a moment later adds nothing);
 * - `quiet-hours-reach-start`: it falls in quiet hours and their end is not before the start (a 07:00 visit's 2 h
 *   reminder would wait until 08:00): not sent at night, not sent after the start, so not sent.
 */
export interface SkippedMessage {
  kind: ScheduledKind;
  reason: 'past' | 'quiet-hours-reach-start';
}

export interface ReminderPlan {
  scheduled: PlannedMessage[];
  skipped: SkippedMessage[];
}

export interface AppointmentMoment {
  startsAt: Date;
  /** The location's IANA zone. */
  timeZone: string;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minuteOf(time: LocalTime): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`not a local time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function local(instant: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!dt.isValid) throw new Error(`unknown IANA time zone: ${timeZone}`);
  return dt;
}

/** The nominal due instant of a message `offsetMinutes` before the start (see `NotificationSettings`). */
export function nominalDueAt(appointment: AppointmentMoment, offsetMinutes: number): Date {
  if (!Number.isInteger(offsetMinutes) || offsetMinutes <= 0) throw new Error(`not a positive whole number of minutes: ${offsetMinutes}`);
  if (offsetMinutes % DAY_MINUTES === 0) {
    // luxon's calendar arithmetic keeps the wall-clock time; a time the clocks skipped that day moves forward.
    return local(appointment.startsAt, appointment.timeZone).minus({ days: offsetMinutes / DAY_MINUTES }).toJSDate();
  }
  return new Date(appointment.startsAt.getTime() - offsetMinutes * 60_000);
}

/** Whether an instant's local time lies in the quiet hours (from included, to excluded). */
export function inQuietHours(instant: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const t = local(instant, timeZone);
  const minute = t.hour * 60 + t.minute;
  const from = minuteOf(quiet.from);
  const to = minuteOf(quiet.to);
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The first instant at or after `instant` outside the quiet hours: itself, or the end of the quiet span it is in. */
export function afterQuietHours(instant: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet || !inQuietHours(instant, timeZone, quiet)) return instant;
  const to = minuteOf(quiet.to);
  const here = local(instant, timeZone);
  let end = here.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 });
  if (end <= here) end = here.plus({ days: 1 }).set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 });
  return end.toJSDate();
}

/**
 * The reminders and the pre-visit check of an appointment, planned at `now`: each nominal due instant (above), not
 * already past, moved out of quiet hours, and only if still before the start. Pure: the same inputs give the same
 * plan, so a reschedule re-plans from scratch.
 */
export function planReminders(appointment: AppointmentMoment, now: Date, settings: NotificationSettings = DEFAULT_NOTIFICATION_SETTINGS): ReminderPlan {
  const wanted: { kind: ScheduledKind; offset: number }[] = [
    ...(settings.preVisitCheckMinutes === null ? [] : [{ kind: 'pre-visit-check' as const, offset: settings.preVisitCheckMinutes }]),
    ...[...new Set(settings.reminderOffsetsMinutes)].map((offset) => ({ kind: reminderKind(offset), offset })),
  ];
  const plan: ReminderPlan = { scheduled: [], skipped: [] };
  for (const { kind, offset } of wanted) {
    const nominal = nominalDueAt(appointment, offset);
    if (nominal.getTime() <= now.getTime()) {
      plan.skipped.push({ kind, reason: 'past' });
      continue;
    }
    const dueAt = afterQuietHours(nominal, appointment.timeZone, settings.quietHours);
    if (dueAt.getTime() >= appointment.startsAt.getTime()) {
      plan.skipped.push({ kind, reason: 'quiet-hours-reach-start' });
      continue;
    }
    plan.scheduled.push({ kind, dueAt, movedByQuietHours: dueAt.getTime() !== nominal.getTime() });
  }
  return plan;
}

/** The appointment's start as its location reads it: what the messages show. */
export function localStart(appointment: AppointmentMoment): { localDate: string; localTime: string } {
  const t = local(appointment.startsAt, appointment.timeZone);
  return { localDate: t.toISODate() as string, localTime: t.toFormat('HH:mm') };
}

/** The location's settings as they apply to one client: no quiet hours for a client who chose to receive messages in them. */
export function settingsForClient(settings: NotificationSettings, client: { quietHoursOptOut: boolean }): NotificationSettings {
  return client.quietHoursOptOut ? { ...settings, quietHours: null } : settings;
}
