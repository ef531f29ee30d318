import fc from 'fast-check';
import { deferralEnd } from './eligibility.types';
import { addDays, boundaryInstant, localDateOf } from './local-time';

/**
 * `deferralEnd` moved to `@massage/clinical-restrictions` (luxon's start of day, so treatment reads it too); it
 * must stay the instant scheduling's own calendar gives: the boundary (`BOUNDARY_POLICY`: a skipped midnight is
 * the jump, a doubled one its first occurrence) of the local date after the one holding the last deferred instant.
 * Zones with midnight transitions (Havana falls back to, Santiago and Asunción spring over, midnight) and odd
 * offsets are the ones where the two could differ.
 */
const ZONES = ['America/Toronto', 'Europe/London', 'Asia/Tokyo', 'UTC', 'America/Havana', 'America/Santiago', 'America/Asuncion', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata'];
const FROM = Date.parse('2015-01-01T00:00:00Z');
const TO = Date.parse('2035-01-01T00:00:00Z');

const scheduling = (reScreenBy: Date, zone: string): Date => boundaryInstant(addDays(localDateOf(new Date(reScreenBy.getTime() - 1), zone), 1), '00:00', zone);

describe('deferralEnd (shared) agrees with scheduling’s local calendar', () => {
  it('on random instants in every zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(deferralEnd(new Date(ms), zone).toISOString()).toBe(scheduling(new Date(ms), zone).toISOString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('on every day around each zone’s transitions (every hour of 2024–2026)', () => {
    for (const zone of ZONES) {
      for (let ms = Date.parse('2024-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 3_600_000) {
        const at = new Date(ms);
        if (deferralEnd(at, zone).getTime() !== scheduling(at, zone).getTime()) throw new Error(`${zone} ${at.toISOString()}: ${deferralEnd(at, zone).toISOString()} ≠ ${scheduling(at, zone).toISOString()}`);
      }
    }
  });
});
