import { IntakeCompleted, type IntakeCompletedV1 } from '../index';
import { ClientContactRecorded } from './events/client-contact-recorded.event';
import { assertPayload, checkPayload, InvalidEventPayloadError } from './payload-validator';

const goodIntake: IntakeCompletedV1 = {
  intakeId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown',
  formVersion: '2026-11',
  completedAt: '2026-11-27T10:00:00.000Z',
  consentGivenAt: '2026-11-27T09:59:00.000Z',
  conditionCodes: ['osteoporosis'],
  medicationCodes: ['anticoagulant'],
  recentInjuryOrSurgery: false,
  painReports: [{ region: 'lower-back', rating: 7 }],
  pressurePreference: 'medium',
  goalCount: 2,
};

describe('event payload schemas', () => {
  it('accepts a complete IntakeCompleted payload', () => {
    expect(checkPayload(IntakeCompleted, goodIntake)).toEqual([]);
  });

  it.each([
    ['a pain rating above 10', { painReports: [{ region: 'lower-back', rating: 11 }] }, '/painReports/0/rating'],
    ['an unknown body region', { painReports: [{ region: 'tail', rating: 3 }] }, '/painReports/0/region'],
    ['a client id that is not a uuid', { clientId: 'client-1' }, '/clientId'],
    ['a timestamp that is not RFC 3339', { completedAt: 'yesterday' }, '/completedAt'],
    ['an unknown condition code', { conditionCodes: ['flu'] }, '/conditionCodes/0'],
  ])('rejects %s', (_label, change, path) => {
    const violations = checkPayload(IntakeCompleted, { ...goodIntake, ...change });
    expect(violations.map((v) => v.path)).toContain(path);
  });

  it('rejects fields the catalogue does not declare, such as free text', () => {
    const violations = checkPayload(IntakeCompleted, { ...goodIntake, notes: 'bad knee since the marathon' });
    expect(violations).toEqual([{ path: '', message: 'must NOT have additional properties (notes)' }]);
  });

  it('rejects a payload missing a required field', () => {
    const withoutConsent: Partial<IntakeCompletedV1> = { ...goodIntake };
    delete withoutConsent.consentGivenAt;
    expect(checkPayload(IntakeCompleted, withoutConsent)[0]?.message).toContain('consentGivenAt');
  });

  it('requires an e-mail address or a phone number on contact details', () => {
    const contact = {
      clientId: goodIntake.clientId,
      locationId: 'downtown',
      givenName: 'Ada',
      familyName: 'Lovelace',
      preferredChannel: 'email',
      recordedAt: '2026-11-27T10:00:00.000Z',
    };
    expect(checkPayload(ClientContactRecorded, contact)).not.toEqual([]);
    expect(checkPayload(ClientContactRecorded, { ...contact, email: 'ada@example.com' })).toEqual([]);
  });

  it('assertPayload throws a typed error listing each violation', () => {
    expect(() => assertPayload(IntakeCompleted, { ...goodIntake, goalCount: -1 })).toThrow(InvalidEventPayloadError);
  });
});
