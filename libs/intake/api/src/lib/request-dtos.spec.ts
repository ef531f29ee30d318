import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { RegisterClientRequest } from './client.api';
import type { SubmitIntakeRequest } from './intake.api';
import { RegisterClientRequestDto } from './register-client.request.dto';
import { SubmitIntakeRequestDto } from './submit-intake.request.dto';

/** The names of the invalid fields, as the strict validation pipe (libs/platform) reports them. */
function invalidFields<T extends object>(dto: ClassConstructor<T>, body: unknown): string[] {
  const errors = validateSync(plainToInstance(dto, body) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const names = (es: ValidationError[], parent: string): string[] =>
    es.flatMap((e) => {
      const name = parent ? `${parent}.${e.property}` : e.property;
      return [...Object.keys(e.constraints ?? {}).map(() => name), ...names(e.children ?? [], name)];
    });
  return [...new Set(names(errors, ''))];
}

const form = (): SubmitIntakeRequest => ({
  formVersion: '2026.1',
  conditions: [{ code: 'osteoporosis', note: 'diagnosed 2019' }],
  medications: [{ code: 'anticoagulant', name: 'warfarin' }],
  recentInjuryOrSurgery: { present: true, description: 'Sprained left ankle', date: '2026-10-01' },
  painAreas: [
    { region: 'lower-back', rating: 7 },
    { region: 'neck', rating: 0 },
  ],
  goals: ['Sit through a workday without back pain'],
  pressurePreference: 'medium',
  consent: { given: true, signedName: 'Ada Lovelace', signedAt: '2026-11-27T10:15:00Z' },
});
const check = (change: Partial<Record<keyof SubmitIntakeRequest, unknown>>): string[] => invalidFields(SubmitIntakeRequestDto, { ...form(), ...change });
const injury = (recentInjuryOrSurgery: Record<string, unknown>): string[] => check({ recentInjuryOrSurgery });

describe('SubmitIntakeRequestDto', () => {
  it('accepts a complete form', () => {
    expect(check({})).toEqual([]);
  });

  it('names both the list and the repeating entry when a region or code is given twice', () => {
    const twice = [
      { region: 'neck', rating: 1 },
      { region: 'lower-back', rating: 2 },
      { region: 'neck', rating: 3 },
    ];
    expect(check({ painAreas: twice })).toEqual(['painAreas', 'painAreas.2.region']);
    expect(check({ conditions: [{ code: 'diabetes' }, { code: 'diabetes', note: 'again' }] })).toEqual(['conditions', 'conditions.1.code']);
  });

  it('refuses nested objects that are arrays, and consent that is not the boolean true', () => {
    expect(check({ consent: [] })).toEqual(['consent']);
    expect(check({ recentInjuryOrSurgery: [] })).toEqual(['recentInjuryOrSurgery']);
    expect(check({ consent: { ...form().consent, given: 'true' } })).toEqual(['consent.given']);
  });

  it('an injury: described when present, nothing about it when not (a blank description counts as absent)', () => {
    expect(injury({ present: true })).toEqual(['recentInjuryOrSurgery.description']);
    expect(injury({ present: true, description: '' })).toEqual(['recentInjuryOrSurgery.description']);
    expect(injury({ present: false })).toEqual([]);
    expect(injury({ present: false, description: '  ' })).toEqual([]);
    expect(injury({ present: false, description: ' '.repeat(501) })).toEqual(['recentInjuryOrSurgery.description']);
    expect(injury({ present: false, description: 'x' })).toEqual(['recentInjuryOrSurgery.description']);
    expect(injury({ present: false, description: null })).toEqual(['recentInjuryOrSurgery.description']);
    expect(injury({ present: false, date: '2026-01-01' })).toEqual(['recentInjuryOrSurgery.date']);
    expect(injury({ present: true, description: 'x', date: null })).toEqual(['recentInjuryOrSurgery.date']);
    expect(injury({ present: true, description: 'x', date: '2026-02-30' })).toEqual(['recentInjuryOrSurgery.date']);
  });
});

const registration: RegisterClientRequest = { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' };
const checkRegistration = (change: Partial<Record<keyof RegisterClientRequest, unknown>>): string[] => invalidFields(RegisterClientRequestDto, { ...registration, ...change });

describe('RegisterClientRequestDto', () => {
  it('accepts a registration with the preferred channel’s contact', () => {
    expect(checkRegistration({})).toEqual([]);
    expect(checkRegistration({ email: undefined, phone: '+14165550123', preferredChannel: 'sms' })).toEqual([]);
  });

  it('requires the preferred channel’s contact, and refuses a null one', () => {
    expect(checkRegistration({ email: undefined })).toEqual(['email']);
    expect(checkRegistration({ preferredChannel: 'sms' })).toEqual(['phone']);
    expect(checkRegistration({ phone: '+14165550123', preferredChannel: 'sms', email: null })).toEqual(['email']);
  });

  it('refuses malformed contacts and dates that are not on the calendar', () => {
    expect(checkRegistration({ email: 'ada@' })).toEqual(['email']);
    expect(checkRegistration({ phone: '416-555-0123' })).toEqual(['phone']);
    expect(checkRegistration({ dateOfBirth: '1985-02-30' })).toEqual(['dateOfBirth']);
  });
});
