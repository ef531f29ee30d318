import { checkPayload } from '../payload-validator';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { ClearanceExpired, type ClearanceExpiredV1 } from './clearance-expired.event';
import { ClearanceRecorded, type ClearanceRecordedV1 } from './clearance-recorded.event';
import { ClearanceRequested, type ClearanceRequestedV1 } from './clearance-requested.event';
import { ClearanceRevoked, type ClearanceRevokedV1 } from './clearance-revoked.event';

const base = {
  clearanceId: '5b0c2a1e-8f3d-4c6b-9a7e-1d2c3b4a5f60',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown-toronto',
  rules: ['ONC_TX'],
};
const recorded: ClearanceRecordedV1 = {
  ...base,
  techniques: ['deep-tissue'],
  sites: 'all',
  maxPressure: 'P2',
  positioning: [],
  requested: true,
  recordedAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-31T10:00:00.000Z',
};
const requested: ClearanceRequestedV1 = { ...base, techniques: 'all', sites: ['lower-back'], requestedAt: '2026-12-01T09:00:00.000Z' };
const expired: ClearanceExpiredV1 = { ...base, expiresAt: recorded.expiresAt, expiredAt: '2026-12-31T10:00:00.120Z' };
const revoked: ClearanceRevokedV1 = { ...base, reason: 'condition-changed', revokedAt: '2026-12-10T10:00:00.000Z' };

describe('clearance events', () => {
  it('accept complete payloads, with and without the optional scope', () => {
    expect(checkPayload(ClearanceRequested, requested)).toEqual([]);
    expect(checkPayload(ClearanceRequested, { ...base, requestedAt: requested.requestedAt })).toEqual([]);
    expect(checkPayload(ClearanceRecorded, recorded)).toEqual([]);
    expect(checkPayload(ClearanceExpired, expired)).toEqual([]);
    expect(checkPayload(ClearanceRevoked, revoked)).toEqual([]);
  });

  it.each([
    ['a pressure off the P1–P5 scale', { maxPressure: 'P9' }, '/maxPressure'],
    ['an unknown technique', { techniques: ['reiki'] }, '/techniques'],
    ['an empty technique list (say all, or name them)', { techniques: [] }, '/techniques'],
    ['a rule code that is not a code', { rules: ['onc tx'] }, '/rules/0'],
    ['no rule at all', { rules: [] }, '/rules'],
    ['an expiry that is not RFC 3339', { expiresAt: 'next month' }, '/expiresAt'],
  ])('ClearanceRecorded refuses %s', (_label, change, path) => {
    expect(checkPayload(ClearanceRecorded, { ...recorded, ...change }).map((v) => v.path)).toContainEqual(expect.stringMatching(new RegExp(`^${path}`)));
  });

  it('refuse the provider and free text: only the declared codes travel', () => {
    expect(checkPayload(ClearanceRequested, { ...requested, providerName: 'Dr. Grace Hopper' })).toEqual([{ path: '', message: 'must NOT have additional properties (providerName)' }]);
    expect(checkPayload(ClearanceRecorded, { ...recorded, documentRef: 'dms://letters/123' })).toEqual([{ path: '', message: 'must NOT have additional properties (documentRef)' }]);
    expect(checkPayload(ClearanceRevoked, { ...revoked, reason: 'patient moved away, see notes' }).map((v) => v.path)).toEqual(['/reason']);
  });

  it('are keyed by client on the intake topic, so they stay in order with the client’s ScreeningCompleted', () => {
    for (const [def, payload] of [
      [ClearanceRequested, requested],
      [ClearanceRecorded, recorded],
      [ClearanceExpired, expired],
      [ClearanceRevoked, revoked],
    ] as const) {
      expect(def.topic).toBe(INTAKE_EVENTS_TOPIC.name);
      expect((def.key as (p: typeof payload) => string)(payload)).toBe(base.clientId);
    }
  });
});
