import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { screeningRefusals, type Restriction as CoverageRestriction, type ScreeningState } from '@massage/clinical-restrictions';
import fc from 'fast-check';
import { answersArb, asOfArb } from '../testing/screening.arbitraries';
import { screenAnswers } from '../testing/screening.fixtures';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { pressureLimit, pressureRank, screen } from './screen';
import type { ScreeningResult } from './screening.types';

/*
 * Rule table → restriction → refusal: what the 2026.1 engine's restrictions let scheduling and treatment do
 * (`@massage/clinical-restrictions`), read as the table means a MODIFY: "on these regions, these techniques at
 * most this pressure" (`none` = not at all).
 */

const END = new Date('2026-06-15T11:00:00Z');
/** The engine's restrictions as services project them from ScreeningCompleted. */
const state = (r: ScreeningResult, kinds: readonly string[] = ['LOCAL', 'MODIFY', 'CLEARANCE', 'ABSOLUTE']): ScreeningState => ({
  outcome: r.outcome,
  restrictions: r.restrictions
    .filter((x) => kinds.includes(x.kind))
    .map(({ rule, kind, techniques, regions, maxPressure, satisfiedBy }): CoverageRestriction => ({ rule, kind, techniques, regions, maxPressure, satisfiedBy })),
});
const judge = (r: ScreeningResult, technique: Technique, region: BodyRegion, pressure: PressureLevel) =>
  screeningRefusals(state(r), [], [{ technique, region, pressure }], END);

describe('PREG and OSTEO screened by the 2026.1 engine, judged by @massage/clinical-restrictions', () => {
  const pregnant = screenAnswers({ pregnancy: { weeks: 24, riskFactors: [] } });
  const osteoporotic = screenAnswers({ conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [] }] });

  it('PREG (24 weeks): prenatal at P2 on the back is allowed; Swedish there is refused naming PREG', () => {
    expect(judge(pregnant, 'prenatal', 'lower-back', 'P2')).toEqual([]);
    expect(judge(pregnant, 'swedish', 'lower-back', 'P2')).toEqual([
      { rule: 'contraindicated', screeningRule: 'PREG', kind: 'MODIFY', techniques: ['swedish'], regions: ['lower-back'], pressure: { planned: 'P2', max: 'none' }, items: [0] },
    ]);
    // Its second effect caps every technique on the legs: prenatal at P3 on a calf is refused.
    expect(judge(pregnant, 'prenatal', 'left-calf', 'P3')).toMatchObject([{ screeningRule: 'PREG', pressure: { planned: 'P3', max: 'P2' } }]);
  });

  it('OSTEO: Swedish P4 on the lumbar spine allowed; deep tissue P3 there refused, P2 allowed; joint mobilisation P1 on a shoulder refused', () => {
    expect(judge(osteoporotic, 'swedish', 'lower-back', 'P4')).toEqual([]);
    expect(judge(osteoporotic, 'deep-tissue', 'lower-back', 'P3')).toEqual([
      { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue'], regions: ['lower-back'], pressure: { planned: 'P3', max: 'P2' }, items: [0] },
    ]);
    expect(judge(osteoporotic, 'deep-tissue', 'lower-back', 'P2')).toEqual([]);
    expect(judge(osteoporotic, 'joint-mobilisation', 'left-shoulder', 'P1')).toEqual([
      { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['joint-mobilisation'], regions: ['left-shoulder'], pressure: { planned: 'P1', max: 'none' }, items: [0] },
    ]);
  });
});

describe('the engine and the coverage rules agree (property, 2,000 random screenings)', () => {
  it("an item is refused by a LOCAL or MODIFY restriction exactly when its pressure is above the engine's pressureLimit", () => {
    const inputs = asOfArb.chain((asOf) =>
      fc.record({
        asOf: fc.constant(asOf),
        answers: answersArb(asOf),
        technique: fc.constantFrom(...TECHNIQUES),
        region: fc.constantFrom(...BODY_REGIONS),
        pressure: fc.constantFrom(...PRESSURE_LEVELS),
      }),
    );
    let refused = 0;
    fc.assert(
      fc.property(inputs, ({ asOf, answers, technique, region, pressure }) => {
        // LOCAL and MODIFY only: ABSOLUTE and CLEARANCE refuse through the gate and the clearances, not a cap.
        const result = screen(answers, [], RULE_TABLE_2026_1, asOf);
        const capped = { restrictions: result.restrictions.filter((r) => r.kind === 'LOCAL' || r.kind === 'MODIFY') };
        const allowedByEngine = pressureRank(pressure) <= pressureRank(pressureLimit(capped, technique, region));
        const refusals = screeningRefusals({ ...state(result, ['LOCAL', 'MODIFY']), outcome: 'modified' }, [], [{ technique, region, pressure }], END);
        if (refusals.length > 0) refused++;
        if (allowedByEngine !== (refusals.length === 0)) expect({ technique, region, pressure, refusals, restrictions: capped.restrictions }).toEqual('agreement');
      }),
      { numRuns: 2_000 },
    );
    expect(refused).toBeGreaterThan(50);
  });
});
