import { checkPayload } from '../payload-validator';
import { SCHEDULING_THERAPISTS_TOPIC } from '../topics';
import { LicenceExpiring, type LicenceExpiringV1 } from './licence-expiring.event';

const notice: LicenceExpiringV1 = {
  therapistId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  jurisdiction: 'CA-ON',
  expiresOn: '2026-04-30',
  locationIds: ['downtown-toronto', 'midtown-toronto'],
  noticedAt: '2026-03-31T04:00:00.000Z',
};

describe('LicenceExpiring', () => {
  it('accepts a notice and keys it by therapist on the therapists topic', () => {
    expect(checkPayload(LicenceExpiring, notice)).toEqual([]);
    expect(LicenceExpiring.topic).toBe(SCHEDULING_THERAPISTS_TOPIC.name);
    expect(LicenceExpiring.key(notice)).toBe(notice.therapistId);
  });

  it.each([
    ['the licence number', { ...notice, number: 'RMT-1' }, ''],
    ["the therapist's name", { ...notice, displayName: 'Sam' }, ''],
    ['no location to tell', { ...notice, locationIds: [] }, '/locationIds'],
    ['a location twice', { ...notice, locationIds: ['downtown-toronto', 'downtown-toronto'] }, '/locationIds'],
    ['an expiry that is not a date', { ...notice, expiresOn: 'next month' }, '/expiresOn'],
  ])('refuses %s', (_, payload, path) => {
    expect(checkPayload(LicenceExpiring, payload as LicenceExpiringV1).map((v) => v.path)).toContain(path);
  });
});
