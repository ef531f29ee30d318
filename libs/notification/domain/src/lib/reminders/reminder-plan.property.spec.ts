import fc from 'fast-check';
import { DateTime } from 'luxon';
import { appointment, FROM, settings } from './reminder-plan.arbitraries';
import { DAY_MINUTES, DEFAULT_NOTIFICATION_SETTINGS, inQuietHours, planReminders } from './reminder-plan';

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
