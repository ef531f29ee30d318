import { addDays, datesBetween, isLocalDate, isLocalTime, resolveLocalTime, toInstant, toLocal, weekdayOf, BOUNDARY_POLICY, SLOT_START_POLICY } from './local-time';

const iso = (d: Date | undefined) => d?.toISOString();

describe('local dates and times', () => {
  it('validates dates and times', () => {
    expect(isLocalDate('2025-02-28')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalTime('24:00')).toBe(true);
    expect(isLocalTime('24:01')).toBe(false);
    expect(isLocalTime('9:00')).toBe(false);
  });

  it('does calendar arithmetic without a zone', () => {
    expect(addDays('2025-03-08', 1)).toBe('2025-03-09');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(datesBetween('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(weekdayOf('2025-03-09')).toBe('sunday');
    expect(weekdayOf('2025-03-10')).toBe('monday');
  });
});

describe('resolveLocalTime across DST', () => {
  it('an ordinary time is unique', () => {
    expect(resolveLocalTime('2025-03-09', '09:00', 'America/Toronto')).toEqual({ kind: 'unique', instant: new Date('2025-03-09T13:00:00Z') });
    expect(resolveLocalTime('2025-03-08', '09:00', 'America/Toronto')).toEqual({ kind: 'unique', instant: new Date('2025-03-08T14:00:00Z') });
  });

  it('Toronto spring forward: 02:30 does not exist; the gap ends at 03:00 EDT (07:00Z)', () => {
    const r = resolveLocalTime('2025-03-09', '02:30', 'America/Toronto');
    expect(r).toEqual({ kind: 'nonexistent', gapEnd: new Date('2025-03-09T07:00:00Z') });
    expect(toInstant('2025-03-09', '02:30', 'America/Toronto', SLOT_START_POLICY)).toBeUndefined();
    expect(iso(toInstant('2025-03-09', '02:00', 'America/Toronto', BOUNDARY_POLICY))).toBe('2025-03-09T07:00:00.000Z');
    expect(iso(toInstant('2025-03-09', '03:00', 'America/Toronto', SLOT_START_POLICY))).toBe('2025-03-09T07:00:00.000Z');
  });

  it('Toronto fall back: 01:30 exists twice; the policy takes the earlier (EDT)', () => {
    const r = resolveLocalTime('2025-11-02', '01:30', 'America/Toronto');
    expect(r).toEqual({ kind: 'ambiguous', earlier: new Date('2025-11-02T05:30:00Z'), later: new Date('2025-11-02T06:30:00Z') });
    expect(iso(toInstant('2025-11-02', '01:30', 'America/Toronto', SLOT_START_POLICY))).toBe('2025-11-02T05:30:00.000Z');
    expect(iso(toInstant('2025-11-02', '01:30', 'America/Toronto', { nonexistent: 'skip', ambiguous: 'later' }))).toBe('2025-11-02T06:30:00.000Z');
    expect(resolveLocalTime('2025-11-02', '02:00', 'America/Toronto')).toEqual({ kind: 'unique', instant: new Date('2025-11-02T07:00:00Z') });
  });

  it('London spring forward (01:00 → 02:00) and fall back (02:00 → 01:00)', () => {
    expect(resolveLocalTime('2025-03-30', '01:15', 'Europe/London')).toEqual({ kind: 'nonexistent', gapEnd: new Date('2025-03-30T01:00:00Z') });
    expect(resolveLocalTime('2025-03-30', '02:00', 'Europe/London')).toEqual({ kind: 'unique', instant: new Date('2025-03-30T01:00:00Z') });
    expect(resolveLocalTime('2025-10-26', '01:00', 'Europe/London')).toEqual({
      kind: 'ambiguous',
      earlier: new Date('2025-10-26T00:00:00Z'),
      later: new Date('2025-10-26T01:00:00Z'),
    });
  });

  it('a zone with a 30-minute DST shift (Lord Howe) resolves its gap too', () => {
    // 2025-10-05 02:00 +10:30 → 02:30 +11:00.
    expect(resolveLocalTime('2025-10-05', '02:15', 'Australia/Lord_Howe')).toEqual({ kind: 'nonexistent', gapEnd: new Date('2025-10-04T15:30:00Z') });
  });

  it('24:00 is the next midnight', () => {
    expect(iso(toInstant('2025-03-08', '24:00', 'America/Toronto', BOUNDARY_POLICY))).toBe('2025-03-09T05:00:00.000Z');
  });

  it('reads an instant on the local wall clock with its offset', () => {
    expect(toLocal(new Date('2025-11-02T06:30:00Z'), 'America/Toronto')).toEqual({ date: '2025-11-02', time: '01:30', iso: '2025-11-02T01:30:00-05:00' });
  });

  it('refuses an unknown zone', () => {
    expect(() => resolveLocalTime('2025-01-01', '09:00', 'Mars/Olympus')).toThrow(/unknown IANA time zone/);
  });
});
