import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { RecordClearanceDirectRequest, RequestClearanceRequest } from './clearance.api';
import { RecordClearanceDirectRequestDto, RecordClearanceRequestDto, RequestClearanceRequestDto, RevokeClearanceRequestDto } from './clearance.request.dto';

/** The invalid fields, as the strict validation pipe (libs/platform) names them. */
function invalidFields<T extends object>(dto: ClassConstructor<T>, body: unknown): string[] {
  const errors = validateSync(plainToInstance(dto, body) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.map((e) => e.property);
}

const request: RequestClearanceRequest = { rules: ['ONC_TX'], providerName: 'Dr. Grace Hopper', providerContact: 'fax +1 416 555 0100', techniques: ['deep-tissue'], sites: 'all', maxPressure: 'P3' };
const letter: RecordClearanceDirectRequest = {
  rules: ['SURG'],
  providerName: 'Dr. Grace Hopper',
  techniques: 'all',
  sites: ['right-knee'],
  maxPressure: 'P2',
  positioning: ['rise-slowly'],
  expiresAt: '2026-12-31T17:00:00Z',
  documentRef: 'dms://letters/2026/000123',
};

describe('clearance request DTOs', () => {
  it('accept complete bodies and the minimal ones', () => {
    expect(invalidFields(RequestClearanceRequestDto, request)).toEqual([]);
    expect(invalidFields(RequestClearanceRequestDto, { rules: ['ONC_TX'], providerName: 'Dr. Hopper' })).toEqual([]);
    expect(invalidFields(RecordClearanceDirectRequestDto, letter)).toEqual([]);
    expect(invalidFields(RecordClearanceRequestDto, { techniques: 'all', sites: 'all', documentRef: 'doc-1' })).toEqual([]);
    expect(invalidFields(RevokeClearanceRequestDto, { reason: 'condition-changed' })).toEqual([]);
  });

  it.each([
    ['a pressure off the P1–P5 scale', { maxPressure: 'P9' }, 'maxPressure'],
    ['an unknown technique', { techniques: ['deep-tissue', 'reiki'] }, 'techniques'],
    ['an empty site list (say all, or name them)', { sites: [] }, 'sites'],
    ['a repeated site', { sites: ['neck', 'neck'] }, 'sites'],
    ['an expiry that is not RFC 3339', { expiresAt: '31/12/2026' }, 'expiresAt'],
    ['a blank document reference', { documentRef: '   ' }, 'documentRef'],
    ['an unknown positioning', { positioning: ['upside-down'] }, 'positioning'],
    ['a rule that is not a code', { rules: ['onc tx'] }, 'rules'],
    ['no rule', { rules: [] }, 'rules'],
    ['no provider', { providerName: undefined }, 'providerName'],
    ['a blank provider', { providerName: '   ' }, 'providerName'],
    ['a field it does not know (free text has no place here)', { note: 'see chart' }, 'note'],
  ])('a letter with %s is refused, naming the field', (_label, change, field) => {
    expect(invalidFields(RecordClearanceDirectRequestDto, { ...letter, ...change })).toEqual([field]);
  });

  it('recording on a request takes the request’s rules: rules in the body are unknown', () => {
    expect(invalidFields(RecordClearanceRequestDto, { ...letter, rules: ['ONC_TX'] })).toEqual(['rules']);
  });

  it('a revoke needs a reason code, not a story', () => {
    expect(invalidFields(RevokeClearanceRequestDto, { reason: 'patient moved away' })).toEqual(['reason']);
    expect(invalidFields(RevokeClearanceRequestDto, {})).toEqual(['reason']);
  });
});
