import { deferralEnd, screeningFor } from './deferral';
import type { Restriction, ScreeningState } from './restriction.types';

const FEVER: Restriction = { rule: 'FEVER', kind: 'ABSOLUTE', techniques: 'all', regions: 'all', reScreenBy: new Date('2026-03-11T00:00:00Z') };
const VARIC: Restriction = { rule: 'VARIC', kind: 'LOCAL', techniques: 'all', regions: ['left-calf'] };
const feverToday: ScreeningState = { outcome: 'deferred', restrictions: [FEVER, VARIC] };

describe('today-only deferrals', () => {
  it('end at the local midnight after the last deferred instant', () => {
    expect(deferralEnd(new Date('2026-03-11T00:00:00Z'), 'America/Toronto').toISOString()).toBe('2026-03-11T04:00:00.000Z');
    expect(deferralEnd(new Date('2026-03-11T00:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-03-11T15:00:00.000Z');
    // Havana springs over midnight on 2024-03-10: the day ends at the jump's next midnight, 04:00Z on the 11th.
    expect(deferralEnd(new Date('2024-03-10T06:00:00Z'), 'America/Havana').toISOString()).toBe('2024-03-11T04:00:00.000Z');
  });

  it('drop out of the screening from then on, its outcome read again from what remains', () => {
    expect(screeningFor(feverToday, new Date('2026-03-11T03:59:59Z'), 'America/Toronto')).toBe(feverToday);
    expect(screeningFor(feverToday, new Date('2026-03-11T04:00:00Z'), 'America/Toronto')).toEqual({ outcome: 'restricted', restrictions: [VARIC] });
    expect(screeningFor({ outcome: 'deferred', restrictions: [{ ...FEVER, reScreenBy: undefined }] }, new Date('2027-01-01T00:00:00Z'), 'UTC')?.outcome).toBe('deferred');
  });
});
