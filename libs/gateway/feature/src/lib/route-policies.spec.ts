import { declaredRoutes } from '@massage/platform-security';
import { ROLES, scopeOf } from '@massage/security';
import { TREATMENT_ROUTES } from '@massage/treatment-api';
import { GatewayModule } from './gateway.module';

/** Fail closed: every route of the gateway declares its policy; only health probes are public (docs/security.md). */
describe('gateway route declarations', () => {
  const routes = declaredRoutes(GatewayModule);

  it('has no route without a policy', () => {
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('makes public only the health probes', () => {
    expect(routes.filter((r) => r.policy?.kind === 'public').every((r) => r.path.startsWith('/health'))).toBe(true);
  });

  it('scopes every protected route by its :locationId, except the franchise-wide rule tables and opening a location', () => {
    for (const r of routes) {
      if (r.policy?.kind !== 'protected') continue;
      const expected = r.path.startsWith('/v1/rule-tables') || r.path === '/v1/locations' ? null : 'locationId';
      expect({ route: r.path, param: r.policy.locationParam }).toEqual({ route: r.path, param: expected });
    }
    expect(routes.filter((r) => r.policy?.kind === 'protected').length).toBeGreaterThanOrEqual(6);
  });

  it('grants a route without a location only to roles allowed every location (a narrower grant could never be checked there)', () => {
    const locationless = routes.flatMap((r) => (r.policy?.kind === 'protected' && r.policy.locationParam === null ? [{ route: `${r.method} ${r.path}`, permission: r.policy.permission }] : []));
    expect(locationless.map((r) => r.route).sort()).toEqual(['GET /v1/rule-tables', 'GET /v1/rule-tables/:version', 'POST /v1/locations', 'POST /v1/rule-tables']);
    for (const { route, permission } of locationless) {
      const scopes = ROLES.map((role) => scopeOf(role, permission)).filter((scope) => scope !== undefined);
      expect({ route, scopes: [...new Set(scopes)] }).toEqual({ route, scopes: ['any-location'] });
    }
  });

  it('names the client on every route whose permission reaches a therapist only in care, so intake can settle the care relationship', () => {
    const careScoped = routes.filter((r) => r.policy?.kind === 'protected' && ROLES.some((role) => r.policy?.kind === 'protected' && scopeOf(role, r.policy.permission) === 'in-care'));
    expect(careScoped.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /v1/locations/:locationId/clients/:clientId/screening',
        'GET /v1/locations/:locationId/clients/:clientId/screenings',
        'POST /v1/locations/:locationId/clients/:clientId/clearances',
        'POST /v1/locations/:locationId/clients/:clientId/clearances/:clearanceId/record',
        'GET /v1/locations/:locationId/clients/:clientId/clearances/:clearanceId',
        'GET /v1/locations/:locationId/clients/:clientId/plans',
        'POST /v1/locations/:locationId/clients/:clientId/plans',
        'PUT /v1/locations/:locationId/clients/:clientId/plans/:planId',
        'GET /v1/locations/:locationId/clients/:clientId/plans/:planId/outcomes',
        'GET /v1/locations/:locationId/clients/:clientId/sessions/:appointmentId/note',
        'GET /v1/locations/:locationId/clients/:clientId/record/fhir',
      ]),
    );
    for (const r of careScoped) expect({ route: `${r.method} ${r.path}`, policy: r.policy }).toEqual({ route: `${r.method} ${r.path}`, policy: expect.objectContaining({ clientParam: 'clientId' }) });
  });

  it("names the session on every route a therapist may take only for their own sessions, so treatment can settle whose it is", () => {
    const sessionScoped = routes.filter((r) => r.policy?.kind === 'protected' && scopeOf('therapist', r.policy.permission) === 'own-sessions');
    expect(sessionScoped.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /v1/locations/:locationId/clients/:clientId/sessions/:appointmentId/note/amendments',
      'POST /v1/locations/:locationId/clients/:clientId/sessions/:appointmentId/note/sign',
      'PUT /v1/locations/:locationId/clients/:clientId/sessions/:appointmentId/note',
    ]);
    for (const r of sessionScoped) expect({ route: r.path, policy: r.policy }).toEqual({ route: r.path, policy: expect.objectContaining({ sessionParam: 'appointmentId' }) });
  });

  describe('treatment', () => {
    const treatmentRoutes = routes.filter((r) => Object.values(TREATMENT_ROUTES).some((template) => r.path === `/v1${template}`));

    it('has a gateway route for every route of the treatment service', () => {
      expect(Object.values(TREATMENT_ROUTES).filter((template) => !treatmentRoutes.some((r) => r.path === `/v1${template}`))).toEqual([]);
      // plans (POST, GET), plan (GET, PUT), complete, discontinue, outcomes, note (GET, PUT), sign, amendments, FHIR record, own sessions.
      expect(treatmentRoutes).toHaveLength(13);
    });

    it('never lets the front desk at a note, a plan or the record: every treatment route is health data', () => {
      for (const r of treatmentRoutes) {
        const permission = r.policy?.kind === 'protected' ? r.policy.permission : undefined;
        expect({ route: `${r.method} ${r.path}`, permission: permission?.split(':')[0], frontDesk: permission && scopeOf('front-desk', permission) }).toEqual({
          route: `${r.method} ${r.path}`,
          permission: expect.stringMatching(/^(clinical-note|treatment-plan|session)$/),
          frontDesk: undefined,
        });
      }
    });

    it("lists a therapist's own sessions under session:list-own, granted to therapists alone", () => {
      const own = treatmentRoutes.filter((r) => r.path.endsWith('/therapists/me/sessions'));
      expect(own.map((r) => [r.method, r.policy])).toEqual([['GET', { kind: 'protected', permission: 'session:list-own', locationParam: 'locationId' }]]);
      expect(ROLES.filter((role) => scopeOf(role, 'session:list-own') !== undefined)).toEqual(['therapist']);
    });

    it('reads and writes notes, and exports the record, only under the clinical-note permissions', () => {
      const noteRoutes = treatmentRoutes.filter((r) => r.path.includes('/sessions/') || r.path.endsWith('/record/fhir'));
      expect(noteRoutes.map((r) => `${r.method} ${r.policy?.kind === 'protected' ? r.policy.permission : 'public'}`).sort()).toEqual([
        'GET clinical-note:read',
        'GET clinical-note:read',
        'POST clinical-note:write',
        'POST clinical-note:write',
        'PUT clinical-note:write',
      ]);
    });
  });
});
