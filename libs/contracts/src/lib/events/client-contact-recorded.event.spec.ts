import { checkPayload } from '../payload-validator';
import { ClientContactRecorded, type ClientContactRecordedV1 } from './client-contact-recorded.event';

const contact: ClientContactRecordedV1 = {
  clientId: '0b7a4c8e-9d1f-4a51-8c2e-3f6a7b8c9d0e',
  locationId: 'downtown-toronto',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.test',
  preferredChannel: 'email',
  recordedAt: '2026-03-01T10:00:00.000Z',
};

describe('ClientContactRecorded', () => {
  it('takes records from before the date of birth and the providers were added (both optional)', () => {
    expect(checkPayload(ClientContactRecorded, contact)).toEqual([]);
  });

  it('carries the date of birth and the providers asked for a clearance who can be written to by e-mail', () => {
    const full = {
      ...contact,
      dateOfBirth: '1985-12-10',
      clearanceProviders: [{ clearanceId: '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', name: 'Dr. Mary Somerville', email: 'somerville@clinic.example' }],
    };
    expect(checkPayload(ClientContactRecorded, full)).toEqual([]);
  });

  it('refuses a provider without an e-mail address, or with anything beside name and e-mail', () => {
    const provider = { clearanceId: '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', name: 'Dr. Somerville' };
    expect(checkPayload(ClientContactRecorded, { ...contact, clearanceProviders: [{ ...provider, email: 'fax 555-0100' }] })).not.toEqual([]);
    expect(checkPayload(ClientContactRecorded, { ...contact, clearanceProviders: [provider] })).not.toEqual([]);
    expect(
      checkPayload(ClientContactRecorded, { ...contact, clearanceProviders: [{ ...provider, email: 's@clinic.example', note: 'DVT last year' }] }),
    ).not.toEqual([]);
    expect(checkPayload(ClientContactRecorded, { ...contact, dateOfBirth: '10/12/1985' })).not.toEqual([]);
  });
});
