import { licencesDueForNotice } from './licence-expiry';
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
