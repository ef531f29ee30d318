import fc from 'fast-check';
import { fromInfobipAddress, isE164, parseE164, toInfobipAddress } from './phone-number';

describe('E.164 phone numbers', () => {
  it.each(['+41793026727', '+15550001234', '+4930123456', '+12'])('accepts %s', (number) => {
    expect(isE164(number)).toBe(true);
  });

  it.each(['41793026727', '+0123456', '+1 555 000 1234', '+1234567890123456', '+', '', '+1-555-0001', '0041793026727'])('refuses %j', (number) => {
    expect(isE164(number)).toBe(false);
  });

  it('parseE164 trims but does not guess', () => {
    expect(parseE164(' +41793026727 ')).toBe('+41793026727');
    expect(parseE164('079 302 67 27')).toBeUndefined();
  });

  it('Infobip addresses drop the + and come back to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{1,14}$/), (first, rest) => {
        const number = parseE164(`+${first}${rest}`);
        if (number === undefined) return;
        const address = toInfobipAddress(number);
        expect(address.startsWith('+')).toBe(false);
        expect(fromInfobipAddress(address)).toBe(number);
        expect(fromInfobipAddress(`+${address}`)).toBe(number);
      }),
    );
  });
});
