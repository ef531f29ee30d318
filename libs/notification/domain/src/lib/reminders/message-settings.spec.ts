import fc from 'fast-check';
import { MAX_MESSAGE_OFFSET_MINUTES, settingsProblems } from './message-settings';
import { appointment, settings } from './reminder-plan.arbitraries';
import { DEFAULT_NOTIFICATION_SETTINGS, inQuietHours, planReminders, type NotificationSettings } from './reminder-plan';

const names = (s: Partial<NotificationSettings>) =>
  settingsProblems({ ...DEFAULT_NOTIFICATION_SETTINGS, ...s }).map((p) => p.name);

describe('settingsProblems', () => {
  it('accepts the defaults, no reminders, no pre-visit check, no quiet hours, a week ahead', () => {
    expect(names({})).toEqual([]);
    expect(names({ reminderOffsetsMinutes: [], preVisitCheckMinutes: null, quietHours: null })).toEqual([]);
    expect(
      names({
        reminderOffsetsMinutes: [MAX_MESSAGE_OFFSET_MINUTES, 1, 90, 1440],
        preVisitCheckMinutes: MAX_MESSAGE_OFFSET_MINUTES,
      }),
    ).toEqual([]);
  });

  it.each([
    ['an offset of 0', { reminderOffsetsMinutes: [1440, 0] }, ['reminderOffsetsMinutes.1']],
    ['a negative offset', { reminderOffsetsMinutes: [-60] }, ['reminderOffsetsMinutes.0']],
    [
      'an offset beyond 7 days',
      { reminderOffsetsMinutes: [MAX_MESSAGE_OFFSET_MINUTES + 1] },
      ['reminderOffsetsMinutes.0'],
    ],
    ['a fraction of a minute', { reminderOffsetsMinutes: [90.5] }, ['reminderOffsetsMinutes.0']],
    ['five reminders', { reminderOffsetsMinutes: [10, 20, 30, 40, 50] }, ['reminderOffsetsMinutes']],
    ['a repeated offset', { reminderOffsetsMinutes: [120, 120] }, ['reminderOffsetsMinutes']],
    ['a pre-visit check of 0', { preVisitCheckMinutes: 0 }, ['preVisitCheckMinutes']],
    ['quiet hours from = to', { quietHours: { from: '22:00', to: '22:00' } }, ['quietHours.to']],
    [
      'a quiet hour that is not HH:mm',
      { quietHours: { from: '24:00', to: '7:00' } },
      ['quietHours.from', 'quietHours.to'],
    ],
  ] as const)('refuses %s, naming the field', (_case, change, expected) => {
    expect(names(change as Partial<NotificationSettings>)).toEqual(expected);
  });
});

const quarterHour = fc
  .integer({ min: 0, max: 95 })
  .map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
/** Any settings a manager could send in shape (valid or not): offsets up to 8 days, up to 5, any quarter-hour quiet span. */
const anySettings: fc.Arbitrary<NotificationSettings> = fc.record({
  reminderOffsetsMinutes: fc.array(
    fc.oneof(
      fc.integer({ min: 1, max: 8 }).map((d) => d * 1440),
      fc.integer({ min: 0, max: 8 * 1440 }),
    ),
    { maxLength: 5 },
  ),
  preVisitCheckMinutes: fc.option(fc.integer({ min: 1, max: MAX_MESSAGE_OFFSET_MINUTES }), { nil: null }),
  quietHours: fc.option(fc.record({ from: quarterHour, to: quarterHour }), { nil: null }),
});

describe('settingsProblems: properties', () => {
  it('the existing reminder property settings are all valid', () => {
    fc.assert(fc.property(settings, (s) => expect(settingsProblems(s)).toEqual([])));
  });

  it('any valid settings plan every reminder after now, before the start and outside quiet hours', () => {
    fc.assert(
      fc.property(appointment, anySettings, fc.integer({ min: 0, max: 8 * 1440 }), (appt, s, leadMinutes) => {
        fc.pre(settingsProblems(s).length === 0);
        const now = new Date(appt.startsAt.getTime() - leadMinutes * 60_000);
        const plan = planReminders(appt, now, s);
        for (const m of plan.scheduled) {
          expect(m.dueAt.getTime()).toBeLessThan(appt.startsAt.getTime());
          expect(m.dueAt.getTime()).toBeGreaterThan(now.getTime());
          expect(inQuietHours(m.dueAt, appt.timeZone, s.quietHours)).toBe(false);
        }
        expect(plan.scheduled.length + plan.skipped.length).toBe(
          s.reminderOffsetsMinutes.length + (s.preVisitCheckMinutes === null ? 0 : 1),
        );
      }),
      { numRuns: 500 },
    );
  });
});
