import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DAY_MINUTES, DEFAULT_NOTIFICATION_SETTINGS, inQuietHours, planReminders, type NotificationSettings } from './reminder-plan';

const ZONES = ['Europe/London', 'America/Toronto', 'America/Vancouver', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'] as const;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');

const appointment = fc.record({
  startsAt: fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms - (ms % 300_000))),
  timeZone: fc.constantFrom(...ZONES),
});
const settings: fc.Arbitrary<NotificationSettings> = fc.record({
  reminderOffsetsMinutes: fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 3 }).map((d) => d * DAY_MINUTES), fc.integer({ min: 15, max: 600 })), { minLength: 0, maxLength: 3 }),
  preVisitCheckMinutes: fc.option(fc.constant(2 * DAY_MINUTES), { nil: null }),
  quietHours: fc.option(
    fc.record({
      from: fc.integer({ min: 18, max: 23 }).map((h) => `${h}:00`),
      to: fc.integer({ min: 5, max: 9 }).map((h) => `0${h}:30`),
    }),
    { nil: null },
  ),
});

describe('planReminders: properties', () => {
  it('every scheduled message is due after now, before the start and outside quiet hours; every planned kind is scheduled or skipped', () => {
    fc.assert(
      fc.property(appointment, settings, fc.integer({ min: 0, max: 5 * DAY_MINUTES }), (appt, s, leadMinutes) => {
        const now = new Date(appt.startsAt.getTime() - leadMinutes * 60_000);
        const plan = planReminders(appt, now, s);
        for (const m of plan.scheduled) {
          expect(m.dueAt.getTime()).toBeLessThan(appt.startsAt.getTime());
          expect(m.dueAt.getTime()).toBeGreaterThan(now.getTime());
          expect(inQuietHours(m.dueAt, appt.timeZone, s.quietHours)).toBe(false);
        }
        const expected = s.reminderOffsetsMinutes.length + (s.preVisitCheckMinutes === null ? 0 : 1);
        expect(plan.scheduled.length + plan.skipped.length).toBe(expected);
        expect(new Set([...plan.scheduled, ...plan.skipped].map((m) => m.kind)).size).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('a whole-day reminder not moved by quiet hours shows the start’s local clock time, N local days before', () => {
    fc.assert(
      fc.property(appointment, fc.integer({ min: 1, max: 3 }), (appt, days) => {
        const start = DateTime.fromJSDate(appt.startsAt, { zone: appt.timeZone });
        // Outside 00:00–04:00 no zone we serve has a DST gap or overlap, so the same clock time exists exactly once.
        fc.pre(start.hour >= 4);
        const plan = planReminders(appt, new Date(FROM - DAY_MINUTES * 60_000 * 10), { ...DEFAULT_NOTIFICATION_SETTINGS, reminderOffsetsMinutes: [days * DAY_MINUTES], quietHours: null, preVisitCheckMinutes: null });
        const due = DateTime.fromJSDate(plan.scheduled[0].dueAt, { zone: appt.timeZone });
        expect(due.toFormat('HH:mm')).toBe(start.toFormat('HH:mm'));
        expect(start.startOf('day').diff(due.startOf('day'), 'days').days).toBeCloseTo(days, 5);
      }),
      { numRuns: 300 },
    );
  });
});
