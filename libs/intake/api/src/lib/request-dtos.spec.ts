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
  formVersion: 'intake-2026-11',
  answers: {
    conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2026-03-01', treatmentEndedOn: '2026-09-01', note: 'clot in March' }],
    surgeries: [{ on: '2026-10-01', sites: ['right-knee'] }],
    fractures: [{ on: '2026-09-15', sites: ['left-hand'], healed: false }],
    devices: [{ kind: 'pacemaker', sites: ['chest'], placedOn: '2024-02-01' }],
    pregnancy: { weeks: 20, riskFactors: [] },
    medications: [{ class: 'anticoagulant', name: 'apixaban' }],
    symptomsToday: ['headache'],
    painAreas: [
      { region: 'lower-back', rating: 7 },
      { region: 'neck', rating: 0 },
    ],
    pressurePreference: 'P3',
  },
  goals: ['Sit through a workday without back pain'],
  consent: { given: true, textVersion: 'consent-2026-11', signedName: 'Ada Lovelace', signedAt: '2026-11-27T10:15:00Z' },
});
const check = (change: Partial<Record<keyof SubmitIntakeRequest, unknown>>): string[] => invalidFields(SubmitIntakeRequestDto, { ...form(), ...change });
const answers = (change: Record<string, unknown>): string[] => check({ answers: { ...form().answers, ...change } });

describe('SubmitIntakeRequestDto (form v2)', () => {
  it('accepts a complete form, and one with nothing to report', () => {
    expect(check({})).toEqual([]);
    expect(answers({ conditions: [], surgeries: [], fractures: [], devices: [], pregnancy: undefined, medications: [], symptomsToday: [], painAreas: [] })).toEqual([]);
  });

  it('refuses an unknown, a retired and a malformed form version, naming formVersion', () => {
    expect(check({ formVersion: 'intake-2099-01' })).toEqual(['formVersion']);
    expect(check({ formVersion: '2026.1' })).toEqual(['formVersion']);
    expect(check({ formVersion: 7 })).toEqual(['formVersion']);
  });

  it('refuses a v1 body: its fields are unknown, the v2 answers missing', () => {
    const v1 = { formVersion: '2026.1', conditions: [], medications: [], recentInjuryOrSurgery: { present: false }, painAreas: [], goals: ['x'], pressurePreference: 'medium', consent: form().consent };
    expect(invalidFields(SubmitIntakeRequestDto, v1)).toEqual(expect.arrayContaining(['formVersion', 'answers', 'conditions', 'recentInjuryOrSurgery']));
  });

  it('names nested fields by path: codes, regions, dates, weeks, ratings, pressure', () => {
    expect(answers({ conditions: [{ code: 'flu', regions: ['tail'], qualifiers: ['sometimes'] }] })).toEqual([
      'answers.conditions.0.code',
      'answers.conditions.0.regions',
      'answers.conditions.0.qualifiers',
    ]);
    expect(answers({ surgeries: [{ on: '2026-02-30', sites: [] }] })).toEqual(['answers.surgeries.0.on']);
    expect(answers({ pregnancy: { weeks: 46, riskFactors: [] } })).toEqual(['answers.pregnancy.weeks']);
    expect(answers({ pregnancy: { weeks: 20, riskFactors: ['twins'] } })).toEqual(['answers.pregnancy.riskFactors']);
    expect(answers({ painAreas: [{ region: 'neck', rating: 11 }] })).toEqual(['answers.painAreas.0.rating']);
    expect(answers({ pressurePreference: 'medium' })).toEqual(['answers.pressurePreference']);
    expect(answers({ devices: [{ kind: 'port', sites: ['chest'], removedOn: 'soon' }] })).toEqual(['answers.devices.0.removedOn']);
  });

  it('names both the list and the repeating entry when a pain region is given twice', () => {
    const twice = [
      { region: 'neck', rating: 1 },
      { region: 'lower-back', rating: 2 },
      { region: 'neck', rating: 3 },
    ];
    expect(answers({ painAreas: twice })).toEqual(['answers.painAreas', 'answers.painAreas.2.region']);
  });

  it('refuses the migration marker and unknown answer fields', () => {
    expect(answers({ unanswered: ['pregnancy.weeks'] })).toEqual(['answers.unanswered']);
    expect(answers({ recentInjuryOrSurgery: { present: false } })).toEqual(['answers.recentInjuryOrSurgery']);
  });

  it('refuses nested objects that are arrays, and consent that is not the boolean true or names no text', () => {
    expect(check({ consent: [] })).toEqual(['consent']);
    expect(check({ answers: [] })).toEqual(['answers']);
    expect(check({ consent: { ...form().consent, given: 'true' } })).toEqual(['consent.given']);
    const unversioned: Partial<SubmitIntakeRequest['consent']> = form().consent;
    delete unversioned.textVersion;
    expect(check({ consent: unversioned })).toEqual(['consent.textVersion']);
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
