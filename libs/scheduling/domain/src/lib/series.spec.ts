import { seriesOccurrences } from './series';

describe('seriesOccurrences', () => {
  it('a weekly 09:00 series over the Toronto spring change stays at 09:00 local', () => {
    const got = seriesOccurrences({ date: '2025-03-02', time: '09:00' }, 3, 1, 'America/Toronto');
    expect(got).toEqual([
      { index: 0, localDate: '2025-03-02', localTime: '09:00', start: new Date('2025-03-02T14:00:00Z') },
      { index: 1, localDate: '2025-03-09', localTime: '09:00', start: new Date('2025-03-09T13:00:00Z') },
      { index: 2, localDate: '2025-03-16', localTime: '09:00', start: new Date('2025-03-16T13:00:00Z') },
    ]);
  });

  it('every two weeks across the London autumn change; a skipped local time is reported, a repeated one is its first occurrence', () => {
    expect(seriesOccurrences({ date: '2025-10-12', time: '10:30' }, 2, 2, 'Europe/London').map((o) => ('start' in o ? o.start.toISOString() : o.problem))).toEqual([
      '2025-10-12T09:30:00.000Z',
      '2025-10-26T10:30:00.000Z',
    ]);
    expect(seriesOccurrences({ date: '2025-03-23', time: '01:30' }, 2, 1, 'Europe/London')[1]).toEqual({ index: 1, localDate: '2025-03-30', localTime: '01:30', problem: 'nonexistent-local-time' });
    expect(seriesOccurrences({ date: '2025-10-19', time: '01:30' }, 2, 1, 'Europe/London')[1]).toEqual(expect.objectContaining({ start: new Date('2025-10-26T00:30:00Z') }));
  });

  it('refuses a count or interval that is not a positive integer', () => {
    expect(() => seriesOccurrences({ date: '2025-01-01', time: '09:00' }, 0, 1, 'UTC')).toThrow(RangeError);
    expect(() => seriesOccurrences({ date: '2025-01-01', time: '09:00' }, 2, 0.5, 'UTC')).toThrow(RangeError);
  });
});
