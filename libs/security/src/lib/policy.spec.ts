import type { Actor } from './actor';
import { PERMISSION_TABLE, PERMISSIONS, scopeOf } from './permissions';
import { decide, settle } from './policy';

const at = (role: Actor['role'], locationId = 'downtown'): Actor => ({ subject: `${role}-1`, role, locationId: role === 'hq-admin' ? '*' : locationId });

describe('the permission table', () => {
  it('keeps the minimum rules of the issue', () => {
    expect(scopeOf('front-desk', 'client:register')).toBe('own-location');
    expect(scopeOf('front-desk', 'screening-outcome:read')).toBe('own-location');
    expect(scopeOf('front-desk', 'intake:read')).toBeUndefined();
    expect(scopeOf('front-desk', 'clinical-note:read')).toBeUndefined();
    expect(scopeOf('therapist', 'intake:read')).toBe('in-care');
    expect(scopeOf('therapist', 'clinical-note:write')).toBe('own-sessions');
    // Franchise-wide resources (locations, the rule table) are not a location's: a manager's reach there differs.
    const franchiseWide = new Set<string>(['location:manage', 'rule-table:read', 'rule-table:publish']);
    // A therapist's own-sessions list is theirs alone: no manager, desk or HQ grant.
    expect(PERMISSION_TABLE['session:list-own']).toEqual({ therapist: 'own-location' });
    for (const permission of PERMISSIONS.filter((p) => !franchiseWide.has(p) && p !== 'clinical-note:write' && p !== 'session:list-own')) {
      expect({ permission, scope: scopeOf('location-manager', permission) }).toEqual({ permission, scope: 'own-location' });
    }
    expect(scopeOf('hq-admin', 'location:manage')).toBe('any-location');
    // Screening (issue 7): front desk sees the outcome, never the rules and restrictions; only HQ publishes a rule table.
    expect(scopeOf('front-desk', 'screening:read')).toBeUndefined();
    expect(scopeOf('therapist', 'screening:read')).toBe('in-care');
    expect(PERMISSION_TABLE['rule-table:publish']).toEqual({ 'hq-admin': 'any-location' });
    expect(scopeOf('location-manager', 'rule-table:read')).toBe('any-location');
    // Clearances: a therapist requests and records for clients in care, but only managers and HQ revoke; front desk none.
    expect(scopeOf('therapist', 'clearance:record')).toBe('in-care');
    expect(scopeOf('therapist', 'clearance:revoke')).toBeUndefined();
    for (const p of ['clearance:request', 'clearance:record', 'clearance:revoke', 'clearance:read'] as const) expect(scopeOf('front-desk', p)).toBeUndefined();
  });

  it('grants machine principals nothing over HTTP', () => {
    for (const permission of PERMISSIONS) expect(scopeOf('service:analytics', permission)).toBeUndefined();
  });

  it('never grants a role a scope outside the known ones', () => {
    for (const grants of Object.values(PERMISSION_TABLE)) for (const scope of Object.values(grants)) expect(['any-location', 'own-location', 'in-care', 'own-sessions']).toContain(scope);
  });
});

describe('decide and settle', () => {
  it('allows the own location, refuses another, and lets hq-admin anywhere', () => {
    expect(decide(at('front-desk'), 'client:register', { locationId: 'downtown' })).toEqual({ effect: 'allow' });
    expect(decide(at('front-desk'), 'client:register', { locationId: 'uptown' }).effect).toBe('deny');
    expect(decide(at('hq-admin'), 'intake:read', { locationId: 'uptown' })).toEqual({ effect: 'allow' });
  });

  it('refuses a role without the permission, and a narrow scope on a route that names no location', () => {
    expect(decide(at('front-desk'), 'intake:read', { locationId: 'downtown' }).effect).toBe('deny');
    expect(decide(at('location-manager'), 'client:read', { locationId: undefined }).effect).toBe('deny');
    expect(decide({ subject: 'x', role: 'front-desk', locationId: '*' }, 'client:read', { locationId: '*' }).effect).toBe('deny');
  });

  it('leaves care to the service, and refuses when the fact is unknown (fail closed)', () => {
    const pending = decide(at('therapist'), 'intake:read', { locationId: 'downtown' });
    expect(pending).toEqual({ effect: 'allow-if', condition: 'in-care' });
    expect(settle(pending, { inCare: true })).toEqual({ effect: 'allow' });
    expect(settle(pending, { inCare: false }).effect).toBe('deny');
    expect(settle(pending, {}).effect).toBe('deny');
    expect(settle(decide(at('therapist'), 'clinical-note:write', { locationId: 'downtown' }), { ownSession: true })).toEqual({ effect: 'allow' });
    expect(decide(at('therapist'), 'intake:read', { locationId: 'uptown' }).effect).toBe('deny');
  });
});
