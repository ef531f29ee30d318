import { checkClientRegistration, normalizeClientRegistration, type ClientRegistration } from './client-registration';

const now = new Date('2026-03-01T12:00:00Z');
const valid: ClientRegistration = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.com',
  preferredChannel: 'email',
  dateOfBirth: '1985-12-10',
};
const fieldsOf = (r: ClientRegistration) => checkClientRegistration(normalizeClientRegistration(r), now).map((v) => v.field);

describe('client registration', () => {
  it('accepts a complete registration', () => {
    expect(fieldsOf(valid)).toEqual([]);
    expect(fieldsOf({ ...valid, email: undefined, phone: '+14165550123', preferredChannel: 'sms' })).toEqual([]);
  });

  it('trims names and drops blank contacts', () => {
    expect(normalizeClientRegistration({ ...valid, givenName: '  Ada ', phone: '  ' })).toEqual({ ...valid, givenName: 'Ada' });
  });

  it('needs at least one of email and phone', () => {
    expect(fieldsOf({ ...valid, email: undefined })).toEqual(expect.arrayContaining(['email', 'phone']));
  });

  it('needs the contact of the preferred channel', () => {
    expect(fieldsOf({ ...valid, preferredChannel: 'sms' })).toEqual(['phone']);
  });

  it('refuses blank names, bad email and non-E.164 phones', () => {
    expect(fieldsOf({ ...valid, givenName: '   ' })).toEqual(['givenName']);
    expect(fieldsOf({ ...valid, email: 'not-an-email' })).toEqual(['email']);
    expect(fieldsOf({ ...valid, phone: '416-555-0123' })).toEqual(['phone']);
  });

  it('refuses impossible, future and implausibly old dates of birth', () => {
    expect(fieldsOf({ ...valid, dateOfBirth: '1990-02-30' })).toEqual(['dateOfBirth']);
    expect(fieldsOf({ ...valid, dateOfBirth: '2026-03-05' })).toEqual(['dateOfBirth']);
    expect(fieldsOf({ ...valid, dateOfBirth: '1890-01-01' })).toEqual(['dateOfBirth']);
    expect(fieldsOf({ ...valid, dateOfBirth: '2026-03-01' })).toEqual([]);
  });
});
