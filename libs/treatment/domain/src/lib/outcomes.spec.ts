import fc from 'fast-check';
import { MCID, nprsVerdict, planOutcomes, reassessmentDue } from './outcomes';
import { GOALS, activePlan, content, signedSession, threeSessions } from '../test/fixtures';

describe('NPRS verdict (clinical-records.md: about 2 points or 30%)', () => {
  it.each([
    // baseline → latest: fall; 2-point rule; 30% rule (100·fall ≥ 30·baseline) → verdict
    [6, 4, 'improved'], // fall 2 ≥ 2 → improved (and 200 ≥ 180)
    [8, 7, 'no-important-change'], // fall 1 < 2; 100 < 240 → not 30%
    [3, 2, 'improved'], // fall 1 < 2, but 100·1 = 100 ≥ 30·3 = 90 → 33% ≥ 30%
    [4, 3, 'no-important-change'], // fall 1; 100 < 120 → 25% < 30%
    [10, 7, 'improved'], // fall 3 ≥ 2 (and exactly 30%: 300 ≥ 300)
    [0, 0, 'no-important-change'], // no fall: 30% of 0 must not count as a change
    [1, 0, 'improved'], // fall 1: 100 ≥ 30 → 100% fall
    [4, 6, 'worsened'], // rise 2 ≥ 2
    [2, 3, 'no-important-change'], // rise 1: a rise counts by points only (the 30% is for reductions)
  ] as const)('%i → %i: %s', (baseline, latest, verdict) => {
    expect(nprsVerdict(baseline, latest)).toBe(verdict);
  });

  const score = fc.integer({ min: 0, max: 10 });
  it('is symmetric for changes of 2 points or more: such a fall improves and the same rise worsens', () => {
    fc.assert(
      fc.property(score, score, (a, b) => {
        const d = Math.abs(a - b);
        if (d < MCID.nprsPoints) return;
        const [high, low] = a > b ? [a, b] : [b, a];
        expect(nprsVerdict(high, low)).toBe('improved');
        expect(nprsVerdict(low, high)).toBe('worsened');
      }),
    );
  });
  it('never calls no change, or a rise, an improvement; never calls a fall a worsening', () => {
    fc.assert(
      fc.property(score, score, (baseline, latest) => {
        const v = nprsVerdict(baseline, latest);
        if (latest >= baseline) expect(v).not.toBe('improved');
        if (latest <= baseline) expect(v).not.toBe('worsened');
      }),
    );
  });
});

describe('planOutcomes (hand-worked)', () => {
  const plan = activePlan();

  it('trends pain per region and PSFS per activity across three signed sessions, with MCIDs reached', () => {
    const o = planOutcomes(plan, threeSessions(), '2026-03-20');
    expect(o.sessions).toBe(3);
    const [neck, back] = o.pain;
    // Neck before: 6, 4, 3 → change 3 − 6 = −3, a fall of 3 ≥ 2 → improved.
    expect(neck).toMatchObject({ region: 'neck', baseline: 6, latest: 3, change: -3, verdict: 'improved' });
    expect(neck.before).toEqual([
      { date: '2026-03-03T15:00:00.000Z', value: 6 },
      { date: '2026-03-10T15:00:00.000Z', value: 4 },
      { date: '2026-03-17T15:00:00.000Z', value: 3 },
    ]);
    expect(neck.after.map((p) => p.value)).toEqual([4, 3, 2]);
    // Upper back before: 5, 4, 2 → −3 → improved.
    expect(back).toMatchObject({ region: 'upper-back', baseline: 5, latest: 2, change: -3, verdict: 'improved' });

    const [reverse, computer, sleep] = o.psfs.items;
    // Goal 1: baseline 3 (plan), latest 7 → +4 ≥ 3 → improved; target 8 not reached.
    expect(reverse).toMatchObject({ goalId: GOALS[0], baseline: 3, latest: 7, change: 4, verdict: 'improved', targetReached: false });
    // Goal 2: baseline 4, latest 6 → +2 < 3 → no important change for one activity.
    expect(computer).toMatchObject({ baseline: 4, latest: 6, change: 2, verdict: 'no-important-change' });
    // Goal 3: baseline 5, latest 7 → +2 → no important change.
    expect(sleep).toMatchObject({ baseline: 5, latest: 7, change: 2, verdict: 'no-important-change' });
    // Mean: baseline (3 + 4 + 5) / 3 = 4; sessions (3+4+5)/3 = 4, (5+5+6)/3 = 5.33, (7+6+7)/3 = 6.67;
    // change 6.67 − 4 = 2.67 ≥ 2 (exactly: sum 20 − 12 = 8 ≥ 2·3 = 6) → improved.
    expect(o.psfs.mean).toEqual({
      scores: [
        { date: '2026-03-03T15:00:00.000Z', value: 4 },
        { date: '2026-03-10T15:00:00.000Z', value: 5.33 },
        { date: '2026-03-17T15:00:00.000Z', value: 6.67 },
      ],
      baseline: 4,
      latest: 6.67,
      change: 2.67,
      verdict: 'improved',
    });
    // 2026-03-20 is before the re-assessment date 2026-04-14, and 3 of 6 sessions are done.
    expect(o.reassessment).toEqual({ due: false, reasons: [], on: '2026-04-14', sessionsDone: 3, plannedSessions: 6 });
  });

  it('does not reach the MCIDs when the change is smaller', () => {
    const small = (n: number, neck: number, scores: [number, number, number]) =>
      signedSession(n, content({ pain: [{ region: 'neck', before: neck, after: neck }], functionScores: GOALS.map((goalId, i) => ({ goalId, score: scores[i] })) }));
    const o = planOutcomes(plan, [small(0, 8, [3, 4, 5]), small(1, 7, [4, 5, 6])], '2026-04-14');
    // Neck 8 → 7: fall 1 < 2 and 100 < 30·8 = 240 → no important change.
    expect(o.pain[0]).toMatchObject({ region: 'neck', change: -1, verdict: 'no-important-change' });
    // Upper back never rated: nothing to compare.
    expect(o.pain[1]).toMatchObject({ region: 'upper-back', before: [], verdict: 'too-few-sessions' });
    // Each activity +1 (< 3); mean sum 15 − 12 = 3 < 2·3 = 6 → no important change.
    expect(o.psfs.items.map((i) => i.verdict)).toEqual(['no-important-change', 'no-important-change', 'no-important-change']);
    expect(o.psfs.mean).toMatchObject({ latest: 5, change: 1, verdict: 'no-important-change' });
    // 2026-04-14 is the re-assessment date itself → due.
    expect(o.reassessment).toMatchObject({ due: true, reasons: ['date-reached'] });
  });

  it('reads amended content, ignores drafts and other plans, orders by start, and needs every activity for a mean', () => {
    const [s0, s1, s2] = threeSessions();
    const draft = { ...s2, status: 'draft' as const };
    const otherPlan = { ...s1, planId: 'another-plan' };
    // s0 amended: neck before 6 → 8 (a correction).
    const amended = { ...s0, content: { ...s0.content, pain: [{ region: 'neck' as const, before: 8, after: 5 }], functionScores: [{ goalId: GOALS[0], score: 3 }] } };
    const o = planOutcomes(plan, [draft, s1, otherPlan, amended], '2026-03-20');
    expect(o.sessions).toBe(1 + 0 + 0 + 1);
    // Neck 8 (amended) → 4: fall 4 → improved.
    expect(o.pain[0]).toMatchObject({ baseline: 8, latest: 4, verdict: 'improved' });
    // Only s1 scored all three activities: one mean point (5+5+6)/3 = 5.33; change (16 − 12)/3 = 1.33; 4 < 6 → not important.
    expect(o.psfs.mean).toMatchObject({ scores: [{ date: '2026-03-10T15:00:00.000Z', value: 5.33 }], change: 1.33, verdict: 'no-important-change' });
  });
});

describe('reassessmentDue', () => {
  it('is due on the date or once the planned sessions are done, for an active plan only', () => {
    const plan = activePlan({ plannedSessions: 3, reassessOn: '2026-04-14' });
    expect(reassessmentDue(plan, 2, '2026-04-13')).toMatchObject({ due: false, reasons: [] });
    expect(reassessmentDue(plan, 3, '2026-04-13')).toMatchObject({ due: true, reasons: ['sessions-done'] });
    expect(reassessmentDue(plan, 4, '2026-05-01')).toMatchObject({ due: true, reasons: ['date-reached', 'sessions-done'] });
    expect(reassessmentDue({ ...plan, status: 'completed' }, 4, '2026-05-01')).toMatchObject({ due: false, reasons: ['date-reached', 'sessions-done'] });
  });
});
