import { licenceNoticeFrom, licencesDueForNotice, noticeToday } from './licence-expiry';
import { therapist } from '../test/fixtures';

describe('licencesDueForNotice', () => {
  it('is due from 30 days before the last valid day up to it', () => {
    const t = therapist({ licences: [{ number: 'L1', jurisdiction: 'CA-ON', expiresOn: '2026-04-30' }, { number: 'L2', jurisdiction: 'GB', expiresOn: '2027-01-01' }] });
    expect(licencesDueForNotice([t], '2026-03-30')).toEqual([]);
    expect(licencesDueForNotice([t], '2026-03-31')).toEqual([{ therapistId: 'th-1', licence: t.licences[0] }]);
    expect(licencesDueForNotice([t], '2026-04-30')).toHaveLength(1);
    expect(licencesDueForNotice([t], '2026-05-01')).toEqual([]);
  });
});

describe('noticeToday and licenceNoticeFrom', () => {
  const zones = ['America/Toronto', 'Europe/London'];

  it("take the first of the therapist's zones to reach a day", () => {
    // 2026-03-31 02:00Z: still 2026-03-30 in Toronto (EDT), already 2026-03-31 in London (BST).
    expect(noticeToday(new Date('2026-03-31T02:00:00Z'), zones)).toBe('2026-03-31');
    expect(noticeToday(new Date('2026-03-31T02:00:00Z'), ['America/Toronto'])).toBe('2026-03-30');
    expect(noticeToday(new Date('2026-03-31T02:00:00Z'), [])).toBe('2026-03-31');
  });

  it("is London's midnight of the notice day for a therapist in both cities, Toronto's for one only there", () => {
    expect(licenceNoticeFrom('2026-04-30', zones).toISOString()).toBe('2026-03-30T23:00:00.000Z');
    expect(licenceNoticeFrom('2026-04-30', ['America/Toronto']).toISOString()).toBe('2026-03-31T04:00:00.000Z');
  });

  it('agrees with licencesDueForNotice: due from that instant, not a millisecond before', () => {
    const t = therapist({ licences: [{ number: 'L1', jurisdiction: 'CA-ON', expiresOn: '2026-04-30' }] });
    for (const z of [zones, ['America/Toronto'], ['Pacific/Kiritimati', 'Pacific/Pago_Pago']]) {
      const from = licenceNoticeFrom('2026-04-30', z).getTime();
      expect(licencesDueForNotice([t], noticeToday(new Date(from - 1), z))).toEqual([]);
      expect(licencesDueForNotice([t], noticeToday(new Date(from), z))).toHaveLength(1);
    }
  });
});
