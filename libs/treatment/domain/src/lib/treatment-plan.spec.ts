import { completePlan, createPlan, discontinuePlan, reviewOnNewScreening, revisePlan, validatePlanTerms } from './treatment-plan';
import { newPlan, restriction, screened, SCREENING } from '../test/fixtures';

const NOW = new Date('2026-03-02T14:00:00Z');
const LATER = new Date('2026-03-09T14:00:00Z');
const NEW_SCREENING = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0099';

describe('treatment plans', () => {
  it('creates an active plan checked against the screening it names', () => {
    const res = createPlan(newPlan(), screened(), NOW);
    expect(res).toMatchObject({ ok: true, value: { status: 'active', screeningId: SCREENING, createdAt: NOW, maxPressure: 'P4', techniques: ['swedish', 'trigger-point'] } });
  });

  it('refuses a technique, region or pressure the screening restricts, naming the rule', () => {
    const osteo = restriction({ rule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue', 'trigger-point'], regions: ['upper-back', 'lower-back'], maxPressure: 'P2' });
    expect(createPlan(newPlan(), screened([osteo]), NOW)).toEqual({
      ok: false,
      refusals: [
        // Trigger point at P4 > P2 on the upper back: the plan's cross product cell (trigger-point, upper-back) is position 3.
        // Swedish there (cell 1) is not OSTEO's business: it caps its listed techniques only.
        { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['trigger-point'], regions: ['upper-back'], pressure: { planned: 'P4', max: 'P2' }, items: [3] },
      ],
    });
    expect(createPlan(newPlan({ techniques: ['swedish'] }), screened([osteo]), NOW).ok).toBe(true);
    expect(createPlan(newPlan({ maxPressure: 'P2' }), screened([osteo]), NOW).ok).toBe(true);
    expect(createPlan(newPlan(), screened([restriction({ rule: 'DVT_ACT', kind: 'ABSOLUTE' })], 'deferred'), NOW)).toEqual({ ok: false, refusals: [{ rule: 'deferred', screeningRules: ['DVT_ACT'] }] });
    expect(createPlan(newPlan(), { screening: undefined, clearances: [] }, NOW)).toEqual({ ok: false, refusals: [{ rule: 'screening-pending' }] });
  });

  it('names broken fields before judging the screening', () => {
    const terms = newPlan({
      goals: [{ goalId: 'g1', activity: 'Run', baselineScore: 6, targetScore: 6 }],
      focusRegions: ['neck', 'neck'],
      frequency: { sessions: 8, everyWeeks: 1 },
      reassessOn: '2026-02-30',
      referral: { source: 'physician', reasonCode: 'not a code!' },
    });
    expect(validatePlanTerms(terms)).toEqual([
      { field: 'goals', reason: '3 to 5 PSFS activities' },
      { field: 'goals.0.targetScore', reason: 'above the baseline' },
      { field: 'focusRegions.1', reason: 'duplicate' },
      { field: 'frequency.sessions', reason: 'at most one session a day' },
      { field: 'reassessOn', reason: 'a date YYYY-MM-DD' },
      { field: 'referral.reasonCode', reason: 'a code such as M54.2' },
    ]);
    expect(createPlan(terms, { screening: undefined, clearances: [] }, NOW)).toMatchObject({ ok: false, refusals: [{ rule: 'invalid' }] });
  });

  it('revises, completes and discontinues an active plan; a closed plan refuses all three', () => {
    const created = createPlan(newPlan(), screened(), NOW);
    if (!created.ok) throw new Error('fixture');
    const revised = revisePlan(created.value, { ...newPlan(), plannedSessions: 8 }, screened([], 'cleared', NEW_SCREENING), LATER);
    expect(revised).toMatchObject({ ok: true, value: { plannedSessions: 8, screeningId: NEW_SCREENING, revisedAt: LATER, createdAt: NOW } });
    const done = completePlan(created.value, LATER);
    expect(done).toMatchObject({ ok: true, value: { status: 'completed', closedAt: LATER } });
    const stopped = discontinuePlan(created.value, 'no-progress', LATER);
    expect(stopped).toMatchObject({ ok: true, value: { status: 'discontinued', discontinuedFor: 'no-progress' } });
    if (!done.ok || !stopped.ok) throw new Error('fixture');
    expect(revisePlan(done.value, newPlan(), screened(), LATER)).toEqual({ ok: false, refusals: [{ rule: 'plan-closed', status: 'completed' }] });
    expect(completePlan(stopped.value, LATER)).toEqual({ ok: false, refusals: [{ rule: 'plan-closed', status: 'discontinued' }] });
    expect(discontinuePlan(done.value, 'other', LATER)).toEqual({ ok: false, refusals: [{ rule: 'plan-closed', status: 'completed' }] });
  });

  it('a new screening that restricts an active plan flags it once; a revision or a screening that allows it clears the flag', () => {
    const created = createPlan(newPlan(), screened(), NOW);
    if (!created.ok) throw new Error('fixture');
    const dvt = screened([restriction({ rule: 'DVT_ACT', kind: 'ABSOLUTE' })], 'deferred', NEW_SCREENING);
    const effect = reviewOnNewScreening(created.value, dvt, LATER);
    expect(effect).toMatchObject({ change: 'flagged', review: { screeningId: NEW_SCREENING, rules: ['DVT_ACT'], flaggedAt: LATER } });
    if (effect.change !== 'flagged') throw new Error('flag');
    expect(effect.plan.reviewNeeded).toEqual(effect.review);
    expect(reviewOnNewScreening(effect.plan, dvt, LATER)).toEqual({ change: 'none' });
    const cleared = reviewOnNewScreening(effect.plan, screened([], 'cleared', '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0100'), LATER);
    expect(cleared).toMatchObject({ change: 'cleared' });
    if (cleared.change !== 'cleared') throw new Error('clear');
    expect(cleared.plan.reviewNeeded).toBeUndefined();
    // A revision that the screening allows clears the flag too.
    const revised = revisePlan(effect.plan, newPlan({ techniques: ['swedish'] }), screened(), LATER);
    expect(revised.ok && revised.value.reviewNeeded).toBe(undefined);
    // A closed plan is never flagged.
    const done = completePlan(created.value, LATER);
    if (!done.ok) throw new Error('fixture');
    expect(reviewOnNewScreening(done.value, dvt, LATER)).toEqual({ change: 'none' });
  });
});
