import fc from 'fast-check';
import { CLEARANCE_STATUSES, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { clearanceGap, planWork, restrictionRefusals, screeningRefusals } from './restriction-coverage';
import { SCREENING_REFUSAL_RULES, type ClearanceState, type Restriction, type ScreeningState, type WorkItem } from './restriction.types';

const END = new Date('2026-03-10T15:00:00Z');
const r = (x: Partial<Restriction> & Pick<Restriction, 'rule' | 'kind'>): Restriction => ({ techniques: 'all', regions: 'all', ...x });
const w = (technique: Technique, region: BodyRegion, pressure: PressureLevel): WorkItem => ({ technique, region, pressure });

describe('restriction coverage, item by item', () => {
  const work = [w('swedish', 'neck', 'P3'), w('deep-tissue', 'left-calf', 'P4'), w('swedish', 'left-calf', 'P2')];

  it('LOCAL forbids its techniques on its regions; with a cap, only above it', () => {
    expect(restrictionRefusals(r({ rule: 'VARIC', kind: 'LOCAL', regions: ['left-calf'] }), work, [], END)).toEqual([
      { rule: 'contraindicated', screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue', 'swedish'], regions: ['left-calf'], items: [1, 2] },
    ]);
    expect(restrictionRefusals(r({ rule: 'ONC_RAD', kind: 'LOCAL', regions: ['left-calf'], maxPressure: 'P2' }), work, [], END)).toEqual([
      { rule: 'contraindicated', screeningRule: 'ONC_RAD', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'], pressure: { planned: 'P4', max: 'P2' }, items: [1] },
    ]);
  });

  it('MODIFY forbids its techniques on its regions above its cap, nothing else; without a cap nothing', () => {
    expect(restrictionRefusals(r({ rule: 'DVT_HX', kind: 'MODIFY', techniques: ['deep-tissue'], maxPressure: 'P2' }), work, [], END)).toEqual([
      { rule: 'contraindicated', screeningRule: 'DVT_HX', kind: 'MODIFY', techniques: ['deep-tissue'], regions: ['left-calf'], pressure: { planned: 'P4', max: 'P2' }, items: [1] },
    ]);
    expect(restrictionRefusals(r({ rule: 'DVT_HX', kind: 'MODIFY', techniques: ['deep-tissue'], maxPressure: 'P4' }), work, [], END)).toEqual([]);
    expect(restrictionRefusals(r({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2' }), work, [], END)).toEqual([
      { rule: 'contraindicated', screeningRule: 'ANTICOAG', kind: 'MODIFY', techniques: ['swedish', 'deep-tissue'], regions: ['neck', 'left-calf'], pressure: { planned: 'P4', max: 'P2' }, items: [0, 1] },
    ]);
    expect(restrictionRefusals(r({ rule: 'PREG', kind: 'MODIFY', regions: ['neck'] }), work, [], END)).toEqual([]);
    expect(restrictionRefusals(r({ rule: 'HTN', kind: 'MODIFY', techniques: ['swedish'] }), work, [], END)).toEqual([]);
    expect(restrictionRefusals(r({ rule: 'ONC_PORT', kind: 'MODIFY', regions: ['neck'], maxPressure: 'none' }), work, [], END)).toMatchObject([{ items: [0], pressure: { planned: 'P3', max: 'none' } }]);
  });

  it('CLEARANCE needs a recorded clearance for this rule, valid until the work ends', () => {
    const surg = r({ rule: 'SURG', kind: 'CLEARANCE', techniques: ['deep-tissue'], satisfiedBy: 'c1' });
    const c = (x: Partial<ClearanceState>): ClearanceState => ({ id: 'c1', rules: ['SURG'], status: 'recorded', expiresAt: END, ...x });
    expect(clearanceGap(surg, [c({})], END)).toBeUndefined();
    expect(clearanceGap(surg, [c({ expiresAt: new Date(END.getTime() - 1) })], END)).toBe('expired');
    expect(clearanceGap(surg, [c({ rules: ['ONC_TX'] })], END)).toBe('unknown');
    expect(clearanceGap(surg, [c({ status: 'requested' })], END)).toBe('not-recorded');
    expect(clearanceGap({ ...surg, satisfiedBy: undefined }, [c({})], END)).toBe('none');
    expect(restrictionRefusals(surg, work, [c({ status: 'revoked' })], END)).toEqual([
      { rule: 'clearance-required', screeningRule: 'SURG', techniques: ['deep-tissue'], regions: ['left-calf'], clearance: 'revoked', clearanceId: 'c1', items: [1] },
    ]);
  });

  it('the gate comes first: no screening, a deferred outcome or an ABSOLUTE rule refuse whatever the work', () => {
    expect(screeningRefusals(undefined, [], work, END)).toEqual([{ rule: 'screening-pending' }]);
    const fever: ScreeningState = { outcome: 'deferred', restrictions: [r({ rule: 'FEVER', kind: 'ABSOLUTE' }), r({ rule: 'VARIC', kind: 'LOCAL' })] };
    expect(screeningRefusals(fever, [], work, END)).toEqual([{ rule: 'deferred', screeningRules: ['FEVER'] }]);
    expect(screeningRefusals(fever, [], undefined, END)).toEqual([{ rule: 'deferred', screeningRules: ['FEVER'] }]);
    expect(screeningRefusals({ outcome: 'modified', restrictions: [r({ rule: 'VARIC', kind: 'LOCAL' })] }, [], undefined, END)).toEqual([]);
  });

  it('planWork is the cross product, technique by technique', () => {
    expect(planWork(['swedish', 'sports'], ['neck', 'abdomen'], 'P3')).toEqual([w('swedish', 'neck', 'P3'), w('swedish', 'abdomen', 'P3'), w('sports', 'neck', 'P3'), w('sports', 'abdomen', 'P3')]);
  });
});

// ---------- hand-worked: PREG and OSTEO as the 2026.1 engine compiles them (intake's rule-table-2026-1.spec.ts) ----------

describe('MODIFY as the rule table means it: "on these regions, these techniques at most this pressure"', () => {
  const modified = (...restrictions: Restriction[]): ScreeningState => ({ outcome: 'modified', restrictions });
  const preg = modified(
    r({ rule: 'PREG', kind: 'MODIFY', techniques: TECHNIQUES.filter((t) => t !== 'prenatal'), maxPressure: 'none' }), // prenatal-only
    r({ rule: 'PREG', kind: 'MODIFY', regions: ['abdomen', 'left-thigh', 'right-thigh', 'left-knee', 'right-knee', 'left-calf', 'right-calf', 'left-foot', 'right-foot'], maxPressure: 'P2' }),
    r({ rule: 'PREG', kind: 'MODIFY' }), // side-lying from the second trimester: positioning only
  );
  const osteo = modified(
    r({ rule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue', 'trigger-point', 'sports'], regions: ['neck', 'upper-back', 'mid-back', 'lower-back', 'chest', 'left-hip', 'right-hip'], maxPressure: 'P2' }),
    r({ rule: 'OSTEO', kind: 'MODIFY', techniques: ['joint-mobilisation', 'rib-springing'], maxPressure: 'none' }),
  );
  const judge = (s: ScreeningState, ...work: WorkItem[]) => screeningRefusals(s, [], work, END);

  it('PREG: prenatal at P2 on the back is allowed; Swedish there is refused naming PREG; prenatal on a calf is capped at P2', () => {
    expect(judge(preg, w('prenatal', 'lower-back', 'P2'), w('prenatal', 'upper-back', 'P2'))).toEqual([]);
    expect(judge(preg, w('swedish', 'lower-back', 'P1'))).toEqual([
      { rule: 'contraindicated', screeningRule: 'PREG', kind: 'MODIFY', techniques: ['swedish'], regions: ['lower-back'], pressure: { planned: 'P1', max: 'none' }, items: [0] },
    ]);
    expect(judge(preg, w('prenatal', 'left-calf', 'P2'))).toEqual([]);
    expect(judge(preg, w('prenatal', 'left-calf', 'P3'))).toEqual([
      { rule: 'contraindicated', screeningRule: 'PREG', kind: 'MODIFY', techniques: ['prenatal'], regions: ['left-calf'], pressure: { planned: 'P3', max: 'P2' }, items: [0] },
    ]);
  });

  it('OSTEO: Swedish P4 on the lumbar spine allowed; deep tissue P3 there refused, P2 allowed; joint mobilisation refused at P1 anywhere', () => {
    expect(judge(osteo, w('swedish', 'lower-back', 'P4'))).toEqual([]);
    expect(judge(osteo, w('deep-tissue', 'lower-back', 'P3'))).toEqual([
      { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue'], regions: ['lower-back'], pressure: { planned: 'P3', max: 'P2' }, items: [0] },
    ]);
    expect(judge(osteo, w('deep-tissue', 'lower-back', 'P2'))).toEqual([]);
    expect(judge(osteo, w('deep-tissue', 'left-calf', 'P4'))).toEqual([]);
    expect(judge(osteo, w('joint-mobilisation', 'left-shoulder', 'P1'))).toEqual([
      { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['joint-mobilisation'], regions: ['left-shoulder'], pressure: { planned: 'P1', max: 'none' }, items: [0] },
    ]);
  });
});

// ---------- property: against an oracle that reads the rule table's words one item at a time ----------

const TECHS: Technique[] = ['swedish', 'deep-tissue', 'trigger-point', 'lymphatic-drainage', 'prenatal', 'joint-mobilisation'];
const REGIONS: BodyRegion[] = ['neck', 'upper-back', 'left-calf', 'abdomen', 'chest'];
const RULES = ['DVT_ACT', 'VARIC', 'ANTICOAG', 'ONC_TX', 'SURG', 'OSTEO', 'FEVER'];
const deeper = (p: PressureLevel, cap: PressureLevel | 'none') => cap === 'none' || PRESSURE_LEVELS.indexOf(p) > PRESSURE_LEVELS.indexOf(cap);

/** The (rule, item) pairs the screening forbids, each judged alone (screening-rules.md, "Outcome kinds"). */
function forbidden(s: ScreeningState, clearances: ClearanceState[], work: WorkItem[]): Set<string> {
  const out = new Set<string>();
  work.forEach((item, i) => {
    for (const x of s.restrictions) {
      const here = x.regions === 'all' || x.regions.includes(item.region);
      const listedTechnique = x.techniques === 'all' || x.techniques.includes(item.technique);
      if (!here || !listedTechnique) continue;
      const over = x.maxPressure !== undefined && deeper(item.pressure, x.maxPressure);
      let bad = false;
      // LOCAL: no work of its techniques there (with a cap: none above it).
      if (x.kind === 'LOCAL') bad = x.maxPressure === undefined || over;
      // MODIFY: its techniques there at most its cap (`none`: not at all); no cap, no limit.
      if (x.kind === 'MODIFY') bad = over;
      if (x.kind === 'CLEARANCE') {
        const c = clearances.find((k) => k.id === x.satisfiedBy);
        bad = !(c && c.status === 'recorded' && c.rules.includes(x.rule) && END.getTime() <= c.expiresAt.getTime());
      }
      if (bad) out.add(`${x.rule}#${i}`);
    }
  });
  return out;
}

const scope = <T,>(xs: T[]) => fc.oneof(fc.constant('all' as const), fc.subarray(xs, { minLength: 1, maxLength: 3 }));
const caseArb = fc.record({
  screening: fc.record({
    outcome: fc.constantFrom('cleared' as const, 'modified' as const, 'restricted' as const, 'clearance-required' as const),
    restrictions: fc.array(
      fc.record(
        {
          rule: fc.constantFrom(...RULES),
          kind: fc.constantFrom('LOCAL' as const, 'MODIFY' as const, 'CLEARANCE' as const),
          techniques: scope(TECHS),
          regions: scope(REGIONS),
          maxPressure: fc.constantFrom<PressureLevel | 'none'>(...PRESSURE_LEVELS, 'none'),
          satisfiedBy: fc.constantFrom('c1', 'c2'),
        },
        { requiredKeys: ['rule', 'kind', 'techniques', 'regions'] },
      ),
      { maxLength: 4 },
    ),
  }),
  clearances: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('c1', 'c2'),
      rules: fc.subarray(RULES, { minLength: 1 }),
      status: fc.constantFrom(...CLEARANCE_STATUSES),
      expiresAt: fc.constantFrom(new Date(END.getTime() - 60_000), END),
    }),
    { selector: (c) => c.id, maxLength: 2 },
  ),
  work: fc.array(fc.record({ technique: fc.constantFrom(...TECHS), region: fc.constantFrom(...REGIONS), pressure: fc.constantFrom(...PRESSURE_LEVELS) }), { maxLength: 8 }),
});

describe('restriction coverage (property, 3,000 cases against a per-item oracle)', () => {
  it('forbids exactly the items the oracle forbids, each refusal naming its rule, and allows the rest', () => {
    let refused = 0;
    let allowed = 0;
    fc.assert(
      fc.property(caseArb, ({ screening, clearances, work }) => {
        // Plain checks per case (jest's expect is slow at thousands of cases); the expect below reports a problem.
        const problems: string[] = [];
        const refusals = screeningRefusals(screening, clearances, work, END);
        const got = new Set<string>();
        for (const x of refusals) {
          if (!(SCREENING_REFUSAL_RULES as readonly string[]).includes(x.rule)) problems.push(`unlisted rule ${x.rule}`);
          if (x.rule !== 'contraindicated' && x.rule !== 'clearance-required') {
            problems.push(`gate refusal without a gate: ${x.rule}`);
            continue;
          }
          if (!screening.restrictions.some((k) => k.rule === x.screeningRule)) problems.push(`names ${x.screeningRule}, not in the screening`);
          if (x.items.length === 0) problems.push('names no item');
          if (x.rule === 'contraindicated' && x.kind === 'MODIFY') {
            // A MODIFY refuses only work above its cap: it says the cap and the deepest work it refuses.
            const p = x.pressure;
            if (!p) problems.push('MODIFY refusal without pressure');
            else {
              const deepest = x.items.map((i) => work[i].pressure).sort().at(-1);
              if (p.planned !== deepest || x.items.some((i) => !deeper(work[i].pressure, p.max))) problems.push(`MODIFY pressure ${JSON.stringify(p)}`);
            }
          }
          for (const i of x.items) {
            got.add(`${x.screeningRule}#${i}`);
            // The named techniques and regions are those of the items named.
            if (!x.techniques.includes(work[i].technique) || !x.regions.includes(work[i].region)) problems.push(`item ${i} not in its techniques/regions`);
          }
        }
        const sorted = (xs: Iterable<string>) => [...xs].sort().join(',');
        const want = forbidden(screening, clearances, work);
        if (sorted(got) !== sorted(want)) problems.push(`forbids ${sorted(got)}, oracle ${sorted(want)}`);
        if (refusals.length === 0) allowed++;
        else refused++;
        // Judged alone, each item is refused exactly when the list's refusals name it.
        work.forEach((item, i) => {
          const alone = screeningRefusals(screening, clearances, [item], END).length > 0;
          if (alone !== refusals.some((x) => 'items' in x && x.items.includes(i))) problems.push(`item ${i} judged alone differs`);
        });
        if (problems.length > 0) expect({ screening, clearances, work, problems }).toEqual({ screening, clearances, work, problems: [] });
      }),
      { numRuns: 3_000 },
    );
    expect(refused).toBeGreaterThan(300);
    expect(allowed).toBeGreaterThan(300);
  });
});
