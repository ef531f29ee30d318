import { randomUUID } from 'node:crypto';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { checkPayload, PlanReviewNeeded, ScreeningCompleted, TreatmentPlanCompleted, TreatmentPlanRevised, type EventDefinition } from '@massage/contracts';
import { generateAssertionKeyPair } from '@massage/platform-security';
import { fhirBundleIssues } from '@massage/testing';
import type { PlanOutcomesResponse, PlanResponse } from '@massage/treatment-api';
import { HOME, SAM_ID, checkedInSession, desk, manager, noteBody, planBody, registerTherapists, sam, screen } from './testing/treatment-scenario';
import { startTreatmentTestApp, TreatmentCaller, type TreatmentTestApp } from './testing/treatment-test-app';

jest.setTimeout(90_000);

const keys = generateAssertionKeyPair('treatment-plans-spec');

/**
 * A plan's life through the service: a new screening that restricts it flags it for review (PlanReviewNeeded, once
 * per screening) until a revision passes; three signed sessions whose pain falls give an outcome trend that reached
 * the MCID; the client's record exports as a FHIR R4 Bundle that validates; completing the plan counts its sessions.
 */
describe('treatment plans and outcomes (PostgreSQL)', () => {
  let t: TreatmentTestApp;
  let api: TreatmentCaller;

  const plans = (clientId: string) => `/locations/${HOME}/clients/${clientId}/plans`;
  const outbox = async (def: EventDefinition<never>, key: string) =>
    (await t.pg.query(`SELECT payload FROM outbox WHERE type = $1 AND key = $2 ORDER BY seq`, [def.type, key])).rows.map((r: { payload: unknown }) => r.payload);

  beforeAll(async () => {
    t = await startTreatmentTestApp('treat_plans', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T12:00:00Z' });
    api = new TreatmentCaller(t.baseUrl, keys.signer);
    await registerTherapists(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('flags an active plan a new screening restricts, once per screening, until a revision passes', async () => {
    const clientId = randomUUID();
    await screen(t, clientId, []);
    const plan = (await api.post(manager, plans(clientId), planBody()).expect(201)).body as PlanResponse;

    const bruise = await screen(t, clientId, [{ rule: 'BRUISE', kind: 'LOCAL', techniques: 'all', regions: ['upper-back'], positioning: [] }], '2026-03-02T11:00:00.000Z');
    await screen(t, clientId, [], '2026-02-01T10:00:00.000Z'); // older, late: changes nothing
    const flagged = (await api.get(manager, `${plans(clientId)}/${plan.id}`).expect(200)).body as PlanResponse;
    expect(flagged.reviewNeeded).toEqual({ screeningId: bruise.screeningId, rules: ['BRUISE'], flaggedAt: '2026-03-02T12:00:00.000Z' });
    const reviews = await outbox(PlanReviewNeeded as EventDefinition<never>, clientId);
    expect(reviews).toEqual([{ planId: plan.id, clientId, locationId: HOME, screeningId: bruise.screeningId, rules: ['BRUISE'], flaggedAt: '2026-03-02T12:00:00.000Z' }]);
    expect(checkPayload(PlanReviewNeeded, reviews[0])).toEqual([]);

    // The same screening again (a replay) flags nothing more.
    await t.deliver(ScreeningCompleted, { ...bruise });
    expect(await outbox(PlanReviewNeeded as EventDefinition<never>, clientId)).toHaveLength(1);

    // A revision that still works the upper back is refused naming the rule; one without it clears the flag.
    const refused = await api.put(manager, `${plans(clientId)}/${plan.id}`, planBody());
    expect([refused.status, refused.body.refusals?.[0]?.screeningRule]).toEqual([422, 'BRUISE']);
    const keptGoals = plan.goals.map(({ goalId, activity, baselineScore, targetScore }) => ({ goalId, activity, baselineScore, targetScore }));
    const revised = (await api.put(manager, `${plans(clientId)}/${plan.id}`, planBody({ focusRegions: ['neck'], goals: keptGoals })).expect(200)).body as PlanResponse;
    expect(revised).toMatchObject({ revision: 2, focusRegions: ['neck'], reviewNeeded: null, screeningId: bruise.screeningId });
    expect(revised.goals.map((g) => g.goalId)).toEqual(plan.goals.map((g) => g.goalId));
    expect(await outbox(TreatmentPlanRevised as EventDefinition<never>, clientId)).toEqual([expect.objectContaining({ planId: plan.id, revision: 2, focusRegions: ['neck'] })]);
    expect((await t.pg.query(`SELECT revision, terms->'focusRegions' AS regions FROM treatment_plan_revision WHERE plan_id = $1 ORDER BY revision`, [plan.id])).rows).toEqual([
      { revision: 1, regions: ['neck', 'upper-back'] },
      { revision: 2, regions: ['neck'] },
    ]);
  });

  it('trends a plan with three signed sessions whose pain falls, exports the record as valid FHIR R4, and completes it counting them', async () => {
    const clientId = randomUUID();
    await screen(t, clientId, []);
    // The first visit: the client checks in, Sam assesses and plans, then writes the note (it counts towards the plan).
    const first = await checkedInSession(t, clientId, SAM_ID, '2026-03-02T14:00:00Z');
    const plan = (await api.post(sam, plans(clientId), planBody()).expect(201)).body as PlanResponse;
    const [turn, desk2h, sleep] = plan.goals.map((g) => g.goalId);
    const sessions = [
      { at: '2026-03-02T14:00:00Z', pain: { before: 7, after: 5 }, psfs: [4, 4, 5] },
      { at: '2026-03-09T14:00:00Z', pain: { before: 5, after: 3 }, psfs: [5, 6, 6] },
      { at: '2026-03-16T14:00:00Z', pain: { before: 3, after: 2 }, psfs: [7, 7, 8] },
    ];
    for (const s of sessions) {
      const appointmentId = s === sessions[0] ? first : await checkedInSession(t, clientId, SAM_ID, s.at);
      const note = `/locations/${HOME}/clients/${clientId}/sessions/${appointmentId}/note`;
      const functionScores = [turn, desk2h, sleep].map((goalId, i) => ({ goalId: goalId ?? '', score: s.psfs[i] ?? 0 }));
      await api.put(sam, note, noteBody(s.pain, { functionScores })).expect(200);
      await api.post(sam, `${note}/sign`).expect(200);
    }

    const outcomes = (await api.get(sam, `${plans(clientId)}/${plan.id}/outcomes`).expect(200)).body as PlanOutcomesResponse;
    expect(outcomes.sessions).toBe(3);
    const neck = outcomes.pain.find((p) => p.region === 'neck');
    expect(neck).toMatchObject({ baseline: 7, latest: 3, change: -4, verdict: 'improved' });
    expect(neck?.before.map((p) => p.value)).toEqual([7, 5, 3]);
    expect(neck?.after.map((p) => p.value)).toEqual([5, 3, 2]);
    // PSFS mean: baselines 3, 4, 5 → 4; last session 7, 7, 8 → 7.33 (two decimals): up more than 2, the MCID.
    expect(outcomes.psfs.mean).toMatchObject({ baseline: 4, latest: 7.33, verdict: 'improved' });
    expect((await api.get(desk, `${plans(clientId)}/${plan.id}/outcomes`)).status).toBe(403);

    const bundle = (await api.get(manager, `/locations/${HOME}/clients/${clientId}/record/fhir`).expect(200)).body as Bundle;
    const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
    expect(bundle.resourceType).toBe('Bundle');
    expect(fhirBundleIssues(bundle)).toEqual([]);
    const pains = resources.filter((r): r is Observation => r.resourceType === 'Observation' && (r.code.coding ?? []).some((c) => c.code === '72514-3'));
    expect(pains.map((o) => o.valueInteger).sort()).toEqual([2, 3, 3, 5, 5, 7]);
    expect(resources.filter((r) => r.resourceType === 'Encounter')).toHaveLength(3);
    expect(resources.some((r) => r.resourceType === 'CarePlan')).toBe(true);

    // Re-assessment falls due on the location's day (Toronto), not UTC's: at 02:00Z on the 15th it is still the 14th there.
    expect(outcomes.reassessment).toMatchObject({ due: false, on: '2026-04-15', sessionsDone: 3, plannedSessions: 6 });
    t.clock.advanceTo('2026-04-15T02:00:00Z');
    expect(((await api.get(sam, `${plans(clientId)}/${plan.id}/outcomes`).expect(200)).body as PlanOutcomesResponse).reassessment.due).toBe(false);
    t.clock.advanceTo('2026-04-15T05:00:00Z');
    expect(((await api.get(sam, `${plans(clientId)}/${plan.id}/outcomes`).expect(200)).body as PlanOutcomesResponse).reassessment).toMatchObject({ due: true, reasons: ['date-reached'] });

    const completed = (await api.post(sam, `${plans(clientId)}/${plan.id}/complete`).expect(200)).body as PlanResponse;
    expect(completed).toMatchObject({ status: 'completed', closedAt: '2026-04-15T05:00:00.000Z' });
    expect(await outbox(TreatmentPlanCompleted as EventDefinition<never>, clientId)).toEqual([{ planId: plan.id, clientId, locationId: HOME, sessionsLogged: 3, completedAt: '2026-04-15T05:00:00.000Z' }]);
    const again = await api.post(sam, `${plans(clientId)}/${plan.id}/discontinue`, { reason: 'client-request' });
    expect([again.status, again.body.rule]).toEqual([409, 'plan-closed']);
  });

  it("holds a today-only deferral until the location's midnight (Toronto), not UTC's", async () => {
    const clientId = randomUUID();
    t.clock.advanceTo('2026-04-15T18:00:00Z');
    // Fever answered on the 15th: intake's engine defers until its UTC day ends.
    await screen(t, clientId, [{ rule: 'FEVER', kind: 'ABSOLUTE', techniques: 'all', regions: 'all', positioning: [], reScreenBy: '2026-04-16T00:00:00.000Z' }], '2026-04-15T17:00:00.000Z');
    t.clock.advanceTo('2026-04-16T02:00:00Z'); // past UTC's midnight, still the 15th in Toronto
    const deferred = await api.post(manager, plans(clientId), planBody());
    expect([deferred.status, deferred.body.rule, deferred.body.refusals]).toEqual([422, 'deferred', [{ rule: 'deferred', screeningRules: ['FEVER'] }]]);
    t.clock.advanceTo('2026-04-16T04:00:00Z'); // Toronto's midnight
    expect((await api.post(manager, plans(clientId), planBody())).status).toBe(201);
  });
});
