import fc from 'fast-check';
import { DAY_MINUTES, type NotificationSettings } from './reminder-plan';

/** Test support for the reminder properties (fast-check): appointments and settings. Not exported by the library. */
export const ZONES = [
  'Europe/London',
  'America/Toronto',
  'America/Vancouver',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
] as const;
export const FROM = Date.parse('2026-01-01T00:00:00Z');
export const TO = Date.parse('2028-01-01T00:00:00Z');

export const appointment = fc.record({
  startsAt: fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms - (ms % 300_000))),
  timeZone: fc.constantFrom(...ZONES),
});

export const settings: fc.Arbitrary<NotificationSettings> = fc.record({
  reminderOffsetsMinutes: fc.uniqueArray(
    fc.oneof(
      fc.integer({ min: 1, max: 3 }).map((d) => d * DAY_MINUTES),
      fc.integer({ min: 15, max: 600 }),
    ),
    { minLength: 0, maxLength: 3 },
  ),
  preVisitCheckMinutes: fc.option(fc.constant(2 * DAY_MINUTES), { nil: null }),
  quietHours: fc.option(
    fc.record({
      from: fc.integer({ min: 18, max: 23 }).map((h) => `${h}:00`),
      to: fc.integer({ min: 5, max: 9 }).map((h) => `0${h}:30`),
    }),
    { nil: null },
  ),
});
