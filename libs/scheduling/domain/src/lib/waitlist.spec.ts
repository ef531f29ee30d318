import fc from 'fast-check';
import {
  compareWaitlistOrder,
  firstBookableCandidate,
  inPreferredTimes,
  isOfferExpired,
  offerExpiresAt,
  validateWaitlistWindow,
  waitlistCandidates,
  waitlistMismatch,
  WAITLIST_ENTRY_STATUSES,
  WAITLIST_LIMITS,
  type FreedSlot,
  type WaitlistEntry,
} from './waitlist';

const MIN = 60_000;
const THERAPISTS = ['t-1', 't-2'];
const entry = (over: Partial<WaitlistEntry> = {}): WaitlistEntry => ({
  id: 'e-1',
  clientId: 'c-1',
  serviceId: 's-1',
  from: '2026-03-09',
  to: '2026-03-13',
  preferredTimes: [],
  requestedAt: new Date('2026-03-01T10:00:00Z'),
  status: 'waiting',
  plan: { techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P2' },
  ...over,
});
/** 14:00 in Toronto on 2026-03-10 (EDT since 2026-03-08). */
const SLOT: FreedSlot = { therapistId: 't-1', start: new Date('2026-03-10T18:00:00Z') };
const ZONE = 'America/Toronto';

describe('waitlist matching', () => {
  it('offers a slot to a waiting entry for its therapist (or any), on a date of its window, at a preferred local time', () => {
    expect(waitlistMismatch(entry(), SLOT, ZONE, false)).toBeUndefined();
    expect(waitlistMismatch(entry({ therapistId: 't-1', preferredTimes: [{ from: '13:00', to: '17:00' }] }), SLOT, ZONE, false)).toBeUndefined();
    expect(waitlistMismatch(entry({ status: 'offered' }), SLOT, ZONE, false)).toBe('not-waiting');
    expect(waitlistMismatch(entry({ therapistId: 't-2' }), SLOT, ZONE, false)).toBe('other-therapist');
    expect(waitlistMismatch(entry({ from: '2026-03-11' }), SLOT, ZONE, false)).toBe('outside-window');
    expect(waitlistMismatch(entry({ preferredTimes: [{ from: '09:00', to: '12:00' }] }), SLOT, ZONE, false)).toBe('outside-preferred-times');
    expect(waitlistMismatch(entry(), SLOT, ZONE, true)).toBe('offered-before');
  });

  it("reads the slot's date and time in the location's zone: 18:00Z is 14:00 in Toronto but 18:00 in London, and 2026-03-11 in Tokyo", () => {
    const afternoons = entry({ preferredTimes: [{ from: '13:00', to: '15:00' }] });
    expect(waitlistMismatch(afternoons, SLOT, 'America/Toronto', false)).toBeUndefined();
    expect(waitlistMismatch(afternoons, SLOT, 'Europe/London', false)).toBe('outside-preferred-times');
    expect(waitlistMismatch(entry({ to: '2026-03-10' }), SLOT, 'Asia/Tokyo', false)).toBe('outside-window');
  });

  it('preferred windows are [from, to): the end is not included; none means any time', () => {
    expect(inPreferredTimes('12:00', [{ from: '09:00', to: '12:00' }])).toBe(false);
    expect(inPreferredTimes('09:00', [{ from: '09:00', to: '12:00' }])).toBe(true);
    expect(inPreferredTimes('23:45', [{ from: '20:00', to: '24:00' }])).toBe(true);
    expect(inPreferredTimes('03:00', [])).toBe(true);
  });

  type RawEntry = { id: string; clientId: string; requestedAtMin: number; status: WaitlistEntry['status']; therapistId: string | undefined; fromDay: number; days: number; preferred: [string, string][] };
  const arbEntry = fc.record({
    id: fc.uuid(),
    clientId: fc.constantFrom('c-1', 'c-2', 'c-3'),
    requestedAtMin: fc.integer({ min: 0, max: 30 }),
    status: fc.constantFrom(...WAITLIST_ENTRY_STATUSES),
    therapistId: fc.option(fc.constantFrom(...THERAPISTS), { nil: undefined }),
    fromDay: fc.integer({ min: 8, max: 12 }),
    days: fc.integer({ min: 0, max: 3 }),
    preferred: fc.constantFrom<[string, string][]>([], [['09:00', '12:00']], [['13:00', '17:00']], [['09:00', '12:00'], ['14:00', '15:00']]),
    offeredBefore: fc.boolean(),
  });
  const build = (e: RawEntry): WaitlistEntry =>
    entry({
      id: e.id,
      clientId: e.clientId,
      requestedAt: new Date(Date.parse('2026-03-01T10:00:00Z') + e.requestedAtMin * MIN),
      status: e.status,
      ...(e.therapistId ? { therapistId: e.therapistId } : {}),
      from: `2026-03-${String(e.fromDay).padStart(2, '0')}`,
      to: `2026-03-${String(e.fromDay + e.days).padStart(2, '0')}`,
      preferredTimes: e.preferred.map(([from, to]) => ({ from, to })),
    });

  it('candidates: exactly the waiting entries the slot suits and that never had it, first come first served (reference model)', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 12 }), fc.constantFrom(...THERAPISTS), fc.integer({ min: 8, max: 19 }), (raw, therapistId, hour) => {
        const slot: FreedSlot = { therapistId, start: new Date(`2026-03-10T${String(hour + 4).padStart(2, '0')}:00:00Z`) };
        const entries = raw.map(build);
        const offered = new Set(raw.filter((r) => r.offeredBefore).map((r) => r.id));
        const got = waitlistCandidates(entries, slot, ZONE, (id) => offered.has(id));
        // Reference: local hour = UTC − 4 on 2026-03-10 in Toronto.
        const localTime = `${String(hour).padStart(2, '0')}:00`;
        const expected = entries
          .filter(
            (e) =>
              e.status === 'waiting' &&
              (e.therapistId === undefined || e.therapistId === therapistId) &&
              e.from <= '2026-03-10' &&
              '2026-03-10' <= e.to &&
              (e.preferredTimes.length === 0 || e.preferredTimes.some((w) => w.from <= localTime && localTime < w.to)) &&
              !offered.has(e.id),
          )
          .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      }),
      { numRuns: 500 },
    );
  });

  it('who is offered: the first candidate whose booking check passes, never one it refuses, never skipping an earlier one it allows', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.uuid(), requestedAtMin: fc.integer({ min: 0, max: 60 }), safe: fc.boolean() }), { maxLength: 10 }), (raw) => {
        const candidates = raw.map((r) => entry({ id: r.id, requestedAt: new Date(Date.parse('2026-03-01T10:00:00Z') + r.requestedAtMin * MIN) })).sort(compareWaitlistOrder);
        const safe = new Set(raw.filter((r) => r.safe).map((r) => r.id));
        const asked: string[] = [];
        const chosen = firstBookableCandidate(candidates, (e) => {
          asked.push(e.id);
          return { ok: safe.has(e.id) };
        });
        const firstSafe = candidates.find((c) => safe.has(c.id));
        expect(chosen?.entry.id).toBe(firstSafe?.id);
        if (chosen) expect(chosen.decision.ok).toBe(true);
        // Asked in order, and no further than the one chosen.
        expect(asked).toEqual(candidates.slice(0, firstSafe ? candidates.indexOf(firstSafe) + 1 : candidates.length).map((c) => c.id));
      }),
      { numRuns: 500 },
    );
  });
});

describe('offer expiry', () => {
  it('holds for the location’s hold, never past the slot’s start; a slot that has begun is not offered', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    expect(offerExpiresAt(now, new Date('2026-03-10T18:00:00Z'), 120)).toEqual(new Date('2026-03-10T12:00:00Z'));
    expect(offerExpiresAt(now, new Date('2026-03-10T11:00:00Z'), 120)).toEqual(new Date('2026-03-10T11:00:00Z'));
    expect(offerExpiresAt(now, now, 120)).toBeUndefined();
    expect(isOfferExpired({ expiresAt: new Date('2026-03-10T12:00:00Z') }, new Date('2026-03-10T11:59:59.999Z'))).toBe(false);
    expect(isOfferExpired({ expiresAt: new Date('2026-03-10T12:00:00Z') }, new Date('2026-03-10T12:00:00Z'))).toBe(true);
  });

  it('property: an offer expires after now, no later than now + hold and no later than the start; it is open until then', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: -86_400_000, max: 10 * 86_400_000 }),
        fc.integer({ min: WAITLIST_LIMITS.holdMinutes.min, max: WAITLIST_LIMITS.holdMinutes.max }),
        (nowMs, startOffset, hold) => {
          const now = new Date(Date.parse('2026-03-01T00:00:00Z') + nowMs);
          const start = new Date(now.getTime() + startOffset);
          const expires = offerExpiresAt(now, start, hold);
          if (startOffset <= 0) return expect(expires).toBeUndefined();
          if (!expires) throw new Error('a future slot must be offerable');
          expect(expires.getTime()).toBeGreaterThan(now.getTime());
          expect(expires.getTime()).toBeLessThanOrEqual(Math.min(now.getTime() + hold * MIN, start.getTime()));
          expect(isOfferExpired({ expiresAt: expires }, new Date(expires.getTime() - 1))).toBe(false);
          expect(isOfferExpired({ expiresAt: expires }, expires)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('joining the waitlist', () => {
  it('names the field of a window that ends before it starts, is too long or is over, and of a preferred window that ends before it starts', () => {
    expect(validateWaitlistWindow({ from: '2026-03-09', to: '2026-03-13', preferredTimes: [{ from: '09:00', to: '12:00' }] }, '2026-03-01')).toEqual([]);
    expect(validateWaitlistWindow({ from: '2026-03-13', to: '2026-03-09', preferredTimes: [] }, '2026-03-01')).toEqual([{ field: 'to', reason: 'must not be before from' }]);
    expect(validateWaitlistWindow({ from: '2026-03-01', to: '2026-06-30', preferredTimes: [] }, '2026-03-01')).toEqual([{ field: 'to', reason: `at most ${WAITLIST_LIMITS.maxWindowDays} days from from` }]);
    expect(validateWaitlistWindow({ from: '2026-02-01', to: '2026-02-10', preferredTimes: [{ from: '12:00', to: '09:00' }] }, '2026-03-01')).toEqual([
      { field: 'to', reason: 'must not be in the past' },
      { field: 'preferredTimes.0.to', reason: 'must be after from' },
    ]);
  });
});
