import { TECHNIQUES, type BodyRegion, type Technique } from '@massage/contracts';
import { AS_OF, END_OF_AS_OF_DAY, daysAgo, inDays, of, rulesOf, screenAnswers } from '../testing/screening.fixtures';
import { LEGS } from './body-regions';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { pressureLimit, techniqueFits } from './screen';
import type { Restriction } from './screening.types';

/*
 * One describe per row of ../shared/domain/screening-rules.md: the answers that trigger each variant,
 * the restriction it yields, and a near miss that does not trigger it.
 */

type Fields = Omit<Restriction, 'rule' | 'kind' | 'positioning'> & { positioning?: Restriction['positioning'] };
const restriction = (rule: string, kind: Restriction['kind'], f: Fields): Restriction => ({
  rule,
  kind,
  positioning: [],
  ...f,
});
/** A restriction fired only by today's symptoms (answered on AS_OF's day): it ends with that day. */
const todayOnly = (r: Restriction): Restriction => ({ ...r, reScreenBy: END_OF_AS_OF_DAY });
const DEEP: Technique[] = ['deep-tissue', 'trigger-point', 'sports'];
const inCatalogueOrder = (ts: Technique[]) => TECHNIQUES.filter((t) => ts.includes(t));
const allBut = (...ts: Technique[]) => TECHNIQUES.filter((t) => !ts.includes(t));

it('has exactly the 22 codes of screening-rules.md, in its order, each with a source', () => {
  expect(RULE_TABLE_2026_1.rules.map((r) => r.code)).toEqual([
    'DVT_ACT', 'DVT_HX', 'ANTICOAG', 'PREG', 'PREG_HR', 'ONC_TX', 'ONC_LN', 'ONC_PORT', 'ONC_RAD', 'ONC_BONE', 'SURG',
    'OSTEO', 'HTN', 'DM', 'FEVER', 'SKIN', 'VARIC', 'FRACT', 'INFLAM', 'RA_FLARE', 'IMPLANT', 'UNDX',
  ]); // prettier-ignore
  expect(RULE_TABLE_2026_1).toMatchObject({ version: '2026.1', effectiveFrom: '2026-01-01' });
  for (const row of RULE_TABLE_2026_1.rules) expect(row.source).toMatch(/screening-rules\.md/);
});

it('"legs" are both thighs, knees, calves and feet', () => {
  expect([...LEGS].sort()).toEqual([
    'left-calf',
    'left-foot',
    'left-knee',
    'left-thigh',
    'right-calf',
    'right-foot',
    'right-knee',
    'right-thigh',
  ]);
});

it('nothing to report: cleared, no restriction, nothing to re-ask', () => {
  expect(screenAnswers({})).toEqual({
    outcome: 'cleared',
    tableVersion: '2026.1',
    asOf: AS_OF.toISOString(),
    restrictions: [],
    reAskEveryVisit: [],
  });
});

describe('DVT_ACT: active or suspected DVT', () => {
  const absolute = (triggeredBy: string[]) =>
    restriction('DVT_ACT', 'ABSOLUTE', { techniques: 'all', regions: 'all', summary: 'no-massage-refer', triggeredBy });

  it('a clot in ongoing treatment: no massage, refer; asked again every visit', () => {
    const r = screenAnswers({
      conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: daysAgo(30) }],
    });
    expect(of(r, 'DVT_ACT')).toEqual([absolute(['conditions.0'])]);
    expect(r.outcome).toBe('deferred');
    expect(r.reAskEveryVisit).toContain('DVT_ACT');
  });

  it('treatment ended 182 days ago is still active; 183 days ago is history (DVT_HX), the near miss', () => {
    const at = (days: number) =>
      screenAnswers({
        conditions: [
          { code: 'thrombophlebitis', regions: ['left-calf'], qualifiers: [], treatmentEndedOn: daysAgo(days) },
        ],
      });
    expect(of(at(182), 'DVT_ACT')).toEqual([absolute(['conditions.0'])]);
    expect(of(at(183), 'DVT_ACT')).toEqual([]);
    expect(rulesOf(at(183))).toEqual(['DVT_HX']);
  });

  it('a clot with no treatment is suspected: no massage', () => {
    expect(
      of(
        screenAnswers({ conditions: [{ code: 'dvt', regions: [], qualifiers: [], diagnosedOn: daysAgo(900) }] }),
        'DVT_ACT',
      ),
    ).toEqual([absolute(['conditions.0'])]);
  });

  it('a leg swollen, warm or painful today (or one-sided leg pain), even with no DVT on record', () => {
    expect(of(screenAnswers({ symptomsToday: ['headache', 'leg-swollen-warm-or-painful'] }), 'DVT_ACT')).toEqual([
      todayOnly(absolute(['symptomsToday.1'])),
    ]);
    expect(of(screenAnswers({ symptomsToday: ['one-sided-leg-pain'] }), 'DVT_ACT')).toEqual([
      todayOnly(absolute(['symptomsToday.0'])),
    ]);
    expect(of(screenAnswers({ symptomsToday: ['headache', 'bruises-easily'] }), 'DVT_ACT')).toEqual([]);
  });
});

describe('DVT_HX: treated DVT history', () => {
  const hx = (regions: BodyRegion[], endedDaysAgo = 400) =>
    screenAnswers({
      conditions: [
        {
          code: 'dvt',
          regions,
          qualifiers: [],
          treatmentStartedOn: daysAgo(600),
          treatmentEndedOn: daysAgo(endedDaysAgo),
        },
      ],
    });

  it('MODIFY the affected limb and everything distal: no deep work above P2; re-asked every visit', () => {
    const r = hx(['left-thigh']);
    expect(r.restrictions).toEqual([
      restriction('DVT_HX', 'MODIFY', {
        techniques: inCatalogueOrder([...DEEP, 'myofascial-release', 'percussion']),
        regions: ['left-thigh', 'left-knee', 'left-calf', 'left-foot'],
        maxPressure: 'P2',
        summary: 'affected-limb-light-pressure',
        triggeredBy: ['conditions.0'],
      }),
    ]);
    expect(r).toMatchObject({ outcome: 'modified', reAskEveryVisit: ['DVT_HX'] });
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'deep-tissue', 'left-calf')).toBe(false);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'deep-tissue', 'right-calf')).toBe(true);
  });

  it('near miss: treatment that ended 100 days ago is not history yet', () => {
    expect(rulesOf(hx(['left-calf'], 100))).toEqual(['DVT_ACT']);
  });
});

describe('ANTICOAG: anticoagulant or antiplatelet medication', () => {
  const modify = (triggeredBy: string[]) =>
    restriction('ANTICOAG', 'MODIFY', {
      techniques: inCatalogueOrder([...DEEP, 'myofascial-release']),
      regions: 'all',
      maxPressure: 'P2',
      summary: 'no-deep-pressure',
      triggeredBy,
    });

  it('MODIFY ≤ P2 for deep techniques everywhere; MFR stays possible at P2; the DVT questions re-asked', () => {
    const r = screenAnswers({ medications: [{ class: 'analgesic' }, { class: 'anticoagulant' }] });
    expect(r.restrictions).toEqual([modify(['medications.1'])]);
    expect(r.reAskEveryVisit).toEqual(['ANTICOAG']);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'myofascial-release', 'upper-back')).toBe(true);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'trigger-point', 'upper-back')).toBe(false);
  });

  it('an antiplatelet, or bruising easily, too', () => {
    expect(screenAnswers({ medications: [{ class: 'antiplatelet' }] }).restrictions).toEqual([
      modify(['medications.0']),
    ]);
    expect(screenAnswers({ symptomsToday: ['bruises-easily'] }).restrictions).toEqual([todayOnly(modify(['symptomsToday.0']))]);
  });

  it('near miss: other medication classes', () => {
    expect(
      screenAnswers({
        medications: [{ class: 'analgesic' }, { class: 'corticosteroid' }, { class: 'antihypertensive' }],
      }).restrictions,
    ).toEqual([]);
  });
});

describe('PREG: pregnancy', () => {
  const prenatalOnly = restriction('PREG', 'MODIFY', {
    techniques: allBut('prenatal'),
    regions: 'all',
    maxPressure: 'none',
    summary: 'prenatal-only',
    triggeredBy: ['pregnancy'],
  });
  const legsAbdomen = restriction('PREG', 'MODIFY', {
    techniques: 'all',
    regions: ['abdomen', ...LEGS],
    maxPressure: 'P2',
    summary: 'no-deep-work-legs-abdomen',
    triggeredBy: ['pregnancy'],
  });
  const firstTrimester = restriction('PREG', 'MODIFY', {
    techniques: 'all',
    regions: ['abdomen'],
    maxPressure: 'none',
    summary: 'no-abdominal-work-first-trimester',
    triggeredBy: ['pregnancy'],
  });
  const sideLying = restriction('PREG', 'MODIFY', {
    techniques: 'all',
    regions: 'all',
    positioning: ['side-lying-or-semi-reclined'],
    summary: 'side-lying-from-second-trimester',
    triggeredBy: ['pregnancy'],
  });

  it('first trimester (week 12): prenatal only, legs and abdomen ≤ P2, no abdominal work; MODIFY, never ABSOLUTE', () => {
    const r = screenAnswers({ pregnancy: { weeks: 12, riskFactors: [] } });
    expect(r.restrictions).toEqual([prenatalOnly, legsAbdomen, firstTrimester]);
    expect(r).toMatchObject({ outcome: 'modified', reAskEveryVisit: ['PREG'] });
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'prenatal', 'left-calf')).toBe(true);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'prenatal', 'abdomen')).toBe(false);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'swedish', 'upper-back')).toBe(false);
  });

  it('from week 13: side-lying or semi-reclined, abdominal work no longer excluded (the near miss of each window)', () => {
    expect(screenAnswers({ pregnancy: { weeks: 13, riskFactors: [] } }).restrictions).toEqual([
      prenatalOnly,
      legsAbdomen,
      sideLying,
    ]);
  });

  it('weeks that form v1 never asked fall in both windows', () => {
    const r = screenAnswers({ pregnancy: { weeks: 0, riskFactors: [] }, ...{ unanswered: ['pregnancy.weeks'] } });
    expect(r.restrictions).toEqual([prenatalOnly, legsAbdomen, firstTrimester, sideLying]);
  });

  it('near miss: not pregnant', () => {
    expect(of(screenAnswers({ symptomsToday: ['headache'] }), 'PREG')).toEqual([]);
  });
});

describe('PREG_HR: high-risk pregnancy, red flags today', () => {
  it('a risk factor: CLEARANCE for everything (valid one trimester)', () => {
    const r = screenAnswers({ pregnancy: { weeks: 20, riskFactors: ['pre-eclampsia'] } });
    expect(of(r, 'PREG_HR')).toEqual([
      restriction('PREG_HR', 'CLEARANCE', {
        techniques: 'all',
        regions: 'all',
        summary: 'physician-clearance',
        triggeredBy: ['pregnancy'],
      }),
    ]);
    expect(r.outcome).toBe('clearance-required');
    expect(r.reAskEveryVisit).toEqual(['PREG', 'PREG_HR']);
  });

  it('a red flag today in a pregnancy: no massage', () => {
    const r = screenAnswers({ pregnancy: { weeks: 30, riskFactors: [] }, symptomsToday: ['headache', 'fluid-leak'] });
    expect(of(r, 'PREG_HR')).toEqual([
      todayOnly(
        restriction('PREG_HR', 'ABSOLUTE', {
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-refer',
          triggeredBy: ['pregnancy', 'symptomsToday.1'],
        }),
      ),
    ]);
    expect(r.outcome).toBe('deferred');
  });

  it('near misses: an uncomplicated pregnancy; bleeding reported without a pregnancy', () => {
    expect(of(screenAnswers({ pregnancy: { weeks: 20, riskFactors: [] } }), 'PREG_HR')).toEqual([]);
    expect(of(screenAnswers({ symptomsToday: ['vaginal-bleeding'] }), 'PREG_HR')).toEqual([]);
  });
});

describe('ONC_TX: cancer in active treatment', () => {
  const expected = (triggeredBy: string[]) => [
    restriction('ONC_TX', 'CLEARANCE', {
      techniques: inCatalogueOrder([...DEEP, 'myofascial-release']),
      regions: 'all',
      summary: 'physician-clearance',
      triggeredBy,
    }),
    restriction('ONC_TX', 'MODIFY', {
      techniques: inCatalogueOrder([...DEEP, 'myofascial-release']),
      regions: 'all',
      maxPressure: 'P2',
      summary: 'light-pressure-during-treatment',
      triggeredBy,
    }),
  ];

  it('CLEARANCE for deep work, and ≤ P2 whatever the clearance says', () => {
    expect(
      screenAnswers({ conditions: [{ code: 'cancer', regions: [], qualifiers: ['active-treatment'] }] }).restrictions,
    ).toEqual(expected(['conditions.0']));
  });

  it('treatment started and not ended, or chemotherapy on the medication list', () => {
    expect(
      screenAnswers({ conditions: [{ code: 'cancer', regions: [], qualifiers: [], treatmentStartedOn: daysAgo(20) }] })
        .restrictions,
    ).toEqual(expected(['conditions.0']));
    expect(screenAnswers({ medications: [{ class: 'chemotherapy' }] }).restrictions).toEqual(
      expected(['medications.0']),
    );
  });

  it('near miss: treatment that ended', () => {
    expect(
      screenAnswers({
        conditions: [
          {
            code: 'cancer',
            regions: [],
            qualifiers: [],
            treatmentStartedOn: daysAgo(900),
            treatmentEndedOn: daysAgo(700),
          },
        ],
      }).restrictions,
    ).toEqual([]);
  });
});

describe('ONC_LN: lymph nodes removed or irradiated', () => {
  it('MODIFY ≤ P2 in the quadrant and the limb distal to it, for every technique but lymphatic drainage', () => {
    const r = screenAnswers({
      conditions: [
        {
          code: 'lymph-nodes-removed-or-irradiated',
          regions: ['left-shoulder', 'chest'],
          qualifiers: [],
          diagnosedOn: daysAgo(3000),
        },
      ],
    });
    expect(r.restrictions).toEqual([
      restriction('ONC_LN', 'MODIFY', {
        techniques: allBut('lymphatic-drainage'),
        regions: ['left-shoulder', 'left-arm', 'left-hand', 'chest'],
        maxPressure: 'P2',
        summary: 'at-risk-quadrant-light-pressure',
        triggeredBy: ['conditions.0'],
      }),
    ]);
    expect(pressureLimit(r, 'lymphatic-drainage', 'left-arm')).toBe('P5');
    expect(pressureLimit(r, 'swedish', 'left-hand')).toBe('P2');
    expect(pressureLimit(r, 'swedish', 'right-hand')).toBe('P5');
  });

  it('near miss: cancer without lymph nodes removed', () => {
    expect(
      of(screenAnswers({ conditions: [{ code: 'cancer', regions: ['chest'], qualifiers: [] }] }), 'ONC_LN'),
    ).toEqual([]);
  });
});

describe('ONC_PORT: port, PICC line, drain', () => {
  it('LOCAL: no work at the site while it is in', () => {
    const r = screenAnswers({ devices: [{ kind: 'picc-line', sites: ['right-arm'], placedOn: daysAgo(10) }] });
    expect(r.restrictions).toEqual([
      restriction('ONC_PORT', 'LOCAL', {
        techniques: 'all',
        regions: ['right-arm'],
        maxPressure: 'none',
        summary: 'no-work-at-site',
        triggeredBy: ['devices.0'],
      }),
    ]);
    expect(r.outcome).toBe('restricted');
  });

  it('near miss: removed (today counts as removed)', () => {
    expect(
      screenAnswers({ devices: [{ kind: 'drain', sites: ['abdomen'], placedOn: daysAgo(10), removedOn: daysAgo(0) }] })
        .restrictions,
    ).toEqual([]);
  });

  it('a port is also an implant (IMPLANT: LOCAL, and CLEARANCE while recent)', () => {
    expect(rulesOf(screenAnswers({ devices: [{ kind: 'port', sites: ['chest'], placedOn: daysAgo(200) }] }))).toEqual([
      'ONC_PORT',
      'IMPLANT',
    ]);
  });
});

describe('ONC_RAD: radiation field', () => {
  const rad = (c: { treatmentStartedOn?: string; treatmentEndedOn?: string }) =>
    screenAnswers({ conditions: [{ code: 'radiation-field', regions: ['chest'], qualifiers: [], ...c }] });
  const local = (maxPressure: 'none' | 'P1', summary: string) =>
    restriction('ONC_RAD', 'LOCAL', {
      techniques: 'all',
      regions: ['chest'],
      maxPressure,
      summary,
      triggeredBy: ['conditions.0'],
      reScreenBy: inDays(90),
    });

  it('during treatment and up to 90 days after it: no work at the site; recheck at 3 months', () => {
    expect(rad({ treatmentStartedOn: daysAgo(10) }).restrictions).toEqual([local('none', 'no-work-until-skin-healed')]);
    expect(rad({ treatmentEndedOn: daysAgo(90) }).restrictions).toEqual([local('none', 'no-work-until-skin-healed')]);
  });

  it('more than 90 days after: gentle only (≤ P1) at the site', () => {
    expect(rad({ treatmentEndedOn: daysAgo(91) }).restrictions).toEqual([local('P1', 'gentle-only-at-site')]);
  });

  it('near miss: no radiation field', () => {
    expect(
      of(screenAnswers({ conditions: [{ code: 'cancer', regions: ['chest'], qualifiers: [] }] }), 'ONC_RAD'),
    ).toEqual([]);
  });
});

describe('ONC_BONE: bone metastasis', () => {
  it('LOCAL ≤ P1 at the site and a CLEARANCE before any massage', () => {
    const r = screenAnswers({ conditions: [{ code: 'bone-metastasis', regions: ['lower-back'], qualifiers: [] }] });
    expect(r.restrictions).toEqual([
      restriction('ONC_BONE', 'LOCAL', {
        techniques: 'all',
        regions: ['lower-back'],
        maxPressure: 'P1',
        summary: 'gentle-only-at-site',
        triggeredBy: ['conditions.0'],
      }),
      restriction('ONC_BONE', 'CLEARANCE', {
        techniques: 'all',
        regions: 'all',
        summary: 'physician-clearance',
        triggeredBy: ['conditions.0'],
      }),
    ]);
    expect(r.outcome).toBe('clearance-required');
  });

  it('near miss: cancer not in the bone', () => {
    expect(
      of(screenAnswers({ conditions: [{ code: 'cancer', regions: ['lower-back'], qualifiers: [] }] }), 'ONC_BONE'),
    ).toEqual([]);
  });
});

describe('SURG: surgery in the last 12 weeks', () => {
  const surg = (days: number, sites: BodyRegion[] = ['right-knee']) =>
    screenAnswers({ surgeries: [{ on: daysAgo(days), sites }] });

  it('84 days ago: no deep, MFR or scar work at the site, and a CLEARANCE before any work there; DVT questions re-asked', () => {
    const r = surg(84);
    expect(r.restrictions).toEqual([
      restriction('SURG', 'LOCAL', {
        techniques: ['deep-tissue', 'myofascial-release', 'scar-work'],
        regions: ['right-knee'],
        maxPressure: 'none',
        summary: 'no-deep-or-scar-work-at-site',
        triggeredBy: ['surgeries.0'],
      }),
      restriction('SURG', 'CLEARANCE', {
        techniques: 'all',
        regions: ['right-knee'],
        summary: 'clearance-before-work-at-site',
        triggeredBy: ['surgeries.0'],
      }),
    ]);
    expect(r).toMatchObject({ outcome: 'clearance-required', reAskEveryVisit: ['SURG'] });
  });

  it('near miss: 85 days ago', () => {
    expect(surg(85).restrictions).toEqual([]);
  });

  it('a site not given covers the whole body', () => {
    expect(surg(10, []).restrictions.map((r) => r.regions)).toEqual(['all', 'all']);
  });
});

describe('OSTEO: osteoporosis or osteopenia', () => {
  const expected = [
    restriction('OSTEO', 'MODIFY', {
      techniques: DEEP,
      regions: ['neck', 'upper-back', 'mid-back', 'lower-back', 'chest', 'left-hip', 'right-hip'],
      maxPressure: 'P2',
      summary: 'light-pressure-spine-ribs-hips',
      triggeredBy: ['conditions.0'],
    }),
    restriction('OSTEO', 'MODIFY', {
      techniques: ['joint-mobilisation', 'rib-springing'],
      regions: 'all',
      maxPressure: 'none',
      summary: 'no-rib-springing-or-joint-mobilisation',
      triggeredBy: ['conditions.0'],
    }),
  ];

  it('MODIFY: spine, ribs and hips ≤ P2 for deep techniques; no rib springing or joint mobilisation', () => {
    expect(screenAnswers({ conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [] }] }).restrictions).toEqual(
      expected,
    );
    expect(screenAnswers({ conditions: [{ code: 'osteopenia', regions: [], qualifiers: [] }] }).restrictions).toEqual(
      expected,
    );
  });

  it('near miss: rheumatoid arthritis (not in flare) is not osteoporosis', () => {
    expect(
      screenAnswers({ conditions: [{ code: 'rheumatoid-arthritis', regions: [], qualifiers: [] }] }).restrictions,
    ).toEqual([]);
  });
});

describe('HTN: hypertension', () => {
  const riseSlowly = restriction('HTN', 'MODIFY', {
    techniques: 'all',
    regions: 'all',
    positioning: ['rise-slowly'],
    summary: 'rise-slowly',
    triggeredBy: ['conditions.0'],
  });
  const today = (triggeredBy: string[]) => [
    restriction('HTN', 'ABSOLUTE', { techniques: 'all', regions: 'all', summary: 'no-massage-today', triggeredBy }),
    restriction('HTN', 'CLEARANCE', { techniques: 'all', regions: 'all', summary: 'physician-clearance', triggeredBy }),
    riseSlowly,
  ];

  it('uncontrolled: no massage today, then a CLEARANCE', () => {
    const r = screenAnswers({ conditions: [{ code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] }] });
    expect(r.restrictions).toEqual(today(['conditions.0']));
    expect(r.outcome).toBe('deferred');
  });

  it('controlled but symptomatic today (dizziness)', () => {
    const r = screenAnswers({
      conditions: [{ code: 'hypertension', regions: [], qualifiers: ['controlled'] }],
      symptomsToday: ['dizziness'],
    });
    // The deferral and the clearance come from the dizziness alone: they end with the day; rise slowly stays.
    expect(r.restrictions).toEqual(
      today(['conditions.0', 'symptomsToday.0']).map((x) => (x.kind === 'MODIFY' ? x : todayOnly(x))),
    );
  });

  it('controlled: MODIFY, rise slowly', () => {
    const r = screenAnswers({
      conditions: [{ code: 'hypertension', regions: [], qualifiers: ['controlled'] }],
      medications: [{ class: 'antihypertensive' }],
    });
    expect(r.restrictions).toEqual([riseSlowly]);
    expect(r.outcome).toBe('modified');
  });

  it('near miss: a headache without hypertension', () => {
    expect(screenAnswers({ symptomsToday: ['headache'] }).restrictions).toEqual([]);
  });
});

describe('DM: diabetes', () => {
  it('LOCAL at the pump site (the pump is an implant too)', () => {
    const r = screenAnswers({
      conditions: [{ code: 'diabetes', regions: [], qualifiers: [] }],
      devices: [{ kind: 'insulin-pump', sites: ['abdomen'], placedOn: daysAgo(400) }],
    });
    expect(of(r, 'DM')).toEqual([
      restriction('DM', 'LOCAL', {
        techniques: 'all',
        regions: ['abdomen'],
        maxPressure: 'none',
        summary: 'no-work-at-pump-site',
        triggeredBy: ['devices.0'],
      }),
    ]);
    expect(rulesOf(r)).toEqual(['DM', 'IMPLANT']);
  });

  it('numb areas: no deep tissue or trigger point above P2 there (the feet when none are named)', () => {
    const numb = (regions: BodyRegion[]) =>
      screenAnswers({ conditions: [{ code: 'diabetes', regions, qualifiers: ['numbness'] }] }).restrictions;
    const modify = (regions: BodyRegion[]) =>
      restriction('DM', 'MODIFY', {
        techniques: ['deep-tissue', 'trigger-point'],
        regions,
        maxPressure: 'P2',
        summary: 'light-pressure-on-numb-areas',
        triggeredBy: ['conditions.0'],
      });
    expect(numb(['left-hand', 'left-foot'])).toEqual([modify(['left-hand', 'left-foot'])]);
    expect(numb([])).toEqual([modify(['left-foot', 'right-foot'])]);
  });

  it('foot sores: LOCAL on the feet; foot sores or complications (advanced): CLEARANCE', () => {
    const clearance = restriction('DM', 'CLEARANCE', {
      techniques: 'all',
      regions: 'all',
      summary: 'physician-clearance',
      triggeredBy: ['conditions.0'],
    });
    expect(
      screenAnswers({ conditions: [{ code: 'diabetes', regions: [], qualifiers: ['foot-sores'] }] }).restrictions,
    ).toEqual([
      restriction('DM', 'LOCAL', {
        techniques: 'all',
        regions: ['left-foot', 'right-foot'],
        maxPressure: 'none',
        summary: 'no-work-on-foot-sores',
        triggeredBy: ['conditions.0'],
      }),
      clearance,
    ]);
    expect(
      screenAnswers({ conditions: [{ code: 'diabetes', regions: [], qualifiers: ['complications'] }] }).restrictions,
    ).toEqual([clearance]);
  });

  it('near miss: diabetes without numbness, sores, complications or pump (insulin injections are not asked where)', () => {
    expect(
      screenAnswers({
        conditions: [{ code: 'diabetes', regions: [], qualifiers: ['controlled'] }],
        medications: [{ class: 'insulin' }],
      }).restrictions,
    ).toEqual([]);
  });
});

describe('FEVER: fever or contagious illness', () => {
  it('fever, flu or a cold in the last 48 h: no massage, reschedule', () => {
    for (const symptom of ['fever-last-48h', 'flu-or-cold-last-48h'] as const) {
      const r = screenAnswers({ symptomsToday: [symptom] });
      expect(r.restrictions).toEqual([
        todayOnly(
          restriction('FEVER', 'ABSOLUTE', {
            techniques: 'all',
            regions: 'all',
            summary: 'no-massage-reschedule',
            triggeredBy: ['symptomsToday.0'],
          }),
        ),
      ]);
      expect(r.outcome).toBe('deferred');
    }
  });

  it('near miss: a headache', () => {
    expect(of(screenAnswers({ symptomsToday: ['headache'] }), 'FEVER')).toEqual([]);
  });
});

describe('SKIN: contagious skin condition, open wound', () => {
  it('small or covered: LOCAL at the site', () => {
    const r = screenAnswers({
      conditions: [
        { code: 'open-wound', regions: ['left-hand'], qualifiers: ['covered'] },
        { code: 'contagious-skin-condition', regions: ['right-foot'], qualifiers: [] },
      ],
    });
    expect(r.restrictions).toEqual([
      restriction('SKIN', 'LOCAL', {
        techniques: 'all',
        regions: ['left-hand', 'right-foot'],
        maxPressure: 'none',
        summary: 'no-work-at-site',
        triggeredBy: ['conditions.0', 'conditions.1'],
      }),
    ]);
    expect(r.outcome).toBe('restricted');
  });

  it('widespread, or cellulitis: no massage until resolved', () => {
    const absolute = restriction('SKIN', 'ABSOLUTE', {
      techniques: 'all',
      regions: 'all',
      summary: 'no-massage-until-resolved',
      triggeredBy: ['conditions.0'],
    });
    expect(
      screenAnswers({
        conditions: [{ code: 'contagious-skin-condition', regions: ['upper-back'], qualifiers: ['widespread'] }],
      }).restrictions,
    ).toEqual([absolute]);
    expect(
      screenAnswers({ conditions: [{ code: 'cellulitis', regions: ['left-calf'], qualifiers: [] }] }).restrictions,
    ).toEqual([absolute]);
  });

  it('near miss: another condition at the same site', () => {
    expect(
      of(screenAnswers({ conditions: [{ code: 'other', regions: ['left-hand'], qualifiers: [] }] }), 'SKIN'),
    ).toEqual([]);
  });
});

describe('VARIC: varicose veins', () => {
  it('severe: LOCAL on the vein and everything distal to it', () => {
    expect(
      screenAnswers({ conditions: [{ code: 'varicose-veins', regions: ['right-knee'], qualifiers: ['severe'] }] })
        .restrictions,
    ).toEqual([
      restriction('VARIC', 'LOCAL', {
        techniques: 'all',
        regions: ['right-knee', 'right-calf', 'right-foot'],
        maxPressure: 'none',
        summary: 'no-work-on-vein-and-distal',
        triggeredBy: ['conditions.0'],
      }),
    ]);
  });

  it('severe with no region given: both legs', () => {
    expect(
      screenAnswers({ conditions: [{ code: 'varicose-veins', regions: [], qualifiers: ['severe'] }] }).restrictions[0]
        ?.regions,
    ).toEqual(LEGS);
  });

  it('mild: MODIFY the legs ≤ P2 (no deep work, no percussion)', () => {
    const r = screenAnswers({ conditions: [{ code: 'varicose-veins', regions: ['left-calf'], qualifiers: ['mild'] }] });
    expect(r.restrictions).toEqual([
      restriction('VARIC', 'MODIFY', {
        techniques: 'all',
        regions: [...LEGS],
        maxPressure: 'P2',
        summary: 'no-deep-work-or-percussion-on-legs',
        triggeredBy: ['conditions.0'],
      }),
    ]);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'percussion', 'right-thigh')).toBe(false);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'swedish', 'right-thigh')).toBe(true);
    expect(techniqueFits(r, RULE_TABLE_2026_1, 'percussion', 'upper-back')).toBe(true);
  });

  it('near miss: no varicose veins', () => {
    expect(
      of(
        screenAnswers({
          conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentEndedOn: daysAgo(1000) }],
        }),
        'VARIC',
      ),
    ).toEqual([]);
  });
});

describe('FRACT: fracture in the last 12 weeks', () => {
  const fract = (days: number, healed: boolean) =>
    screenAnswers({ fractures: [{ on: daysAgo(days), sites: ['left-arm'], healed }] });
  const clearance = restriction('FRACT', 'CLEARANCE', {
    techniques: 'all',
    regions: ['left-arm'],
    summary: 'clearance-before-direct-work',
    triggeredBy: ['fractures.0'],
  });

  it('not healed, 84 days ago: LOCAL at the site and a CLEARANCE before direct work', () => {
    expect(fract(84, false).restrictions).toEqual([
      restriction('FRACT', 'LOCAL', {
        techniques: 'all',
        regions: ['left-arm'],
        maxPressure: 'none',
        summary: 'no-work-at-site-until-union',
        triggeredBy: ['fractures.0'],
      }),
      clearance,
    ]);
  });

  it('healed within the window: the CLEARANCE only', () => {
    expect(fract(40, true).restrictions).toEqual([clearance]);
  });

  it('near miss: 85 days ago', () => {
    expect(fract(85, false).restrictions).toEqual([]);
  });
});

describe('INFLAM: acute local inflammation', () => {
  it('acute: LOCAL at the site; subacute: MODIFY ≤ P2 there', () => {
    expect(
      screenAnswers({
        conditions: [{ code: 'acute-inflammation', regions: ['left-knee'], qualifiers: [], onsetOn: daysAgo(2) }],
      }).restrictions,
    ).toEqual([
      restriction('INFLAM', 'LOCAL', {
        techniques: 'all',
        regions: ['left-knee'],
        maxPressure: 'none',
        summary: 'no-work-at-site',
        triggeredBy: ['conditions.0'],
      }),
    ]);
    expect(
      screenAnswers({ conditions: [{ code: 'acute-inflammation', regions: ['left-knee'], qualifiers: ['subacute'] }] })
        .restrictions,
    ).toEqual([
      restriction('INFLAM', 'MODIFY', {
        techniques: 'all',
        regions: ['left-knee'],
        maxPressure: 'P2',
        summary: 'light-pressure-at-site',
        triggeredBy: ['conditions.0'],
      }),
    ]);
  });

  it('near miss: pain reported on the pain chart is not inflammation', () => {
    expect(screenAnswers({ painAreas: [{ region: 'left-knee', rating: 8 }] }).restrictions).toEqual([]);
  });
});

describe('RA_FLARE: rheumatoid arthritis or lupus in flare', () => {
  it('in flare: no massage', () => {
    for (const code of ['rheumatoid-arthritis', 'lupus'] as const) {
      expect(screenAnswers({ conditions: [{ code, regions: [], qualifiers: ['in-flare'] }] }).restrictions).toEqual([
        restriction('RA_FLARE', 'ABSOLUTE', {
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-during-flare',
          triggeredBy: ['conditions.0'],
        }),
      ]);
    }
  });

  it('near miss: not in flare', () => {
    expect(screenAnswers({ conditions: [{ code: 'lupus', regions: [], qualifiers: [] }] }).restrictions).toEqual([]);
  });
});

describe('IMPLANT: pacemaker/ICD, port, pump, stimulator, new joint', () => {
  const implant = (placedOn: string | undefined) =>
    screenAnswers({
      devices: [{ kind: 'joint-replacement', sites: ['right-hip'], ...(placedOn ? { placedOn } : {}) }],
    });
  const local = restriction('IMPLANT', 'LOCAL', {
    techniques: 'all',
    regions: ['right-hip'],
    maxPressure: 'none',
    summary: 'no-work-on-device',
    triggeredBy: ['devices.0'],
  });
  const clearance = restriction('IMPLANT', 'CLEARANCE', {
    techniques: 'all',
    regions: ['right-hip'],
    summary: 'clearance-recent-device',
    triggeredBy: ['devices.0'],
  });

  it('LOCAL on the device; placed 90 days ago or less (or on an unknown date): CLEARANCE too', () => {
    expect(implant(daysAgo(90)).restrictions).toEqual([local, clearance]);
    expect(implant(undefined).restrictions).toEqual([local, clearance]);
  });

  it('near miss: placed 91 days ago, no CLEARANCE; removed, nothing', () => {
    expect(implant(daysAgo(91)).restrictions).toEqual([local]);
    expect(
      screenAnswers({
        devices: [{ kind: 'pacemaker', sites: ['chest'], placedOn: daysAgo(900), removedOn: daysAgo(30) }],
      }).restrictions,
    ).toEqual([]);
  });
});

describe('UNDX: undiagnosed lump or unexplained pain', () => {
  it('LOCAL at the site and a CLEARANCE until diagnosed', () => {
    expect(
      screenAnswers({
        conditions: [
          { code: 'undiagnosed-lump', regions: ['neck'], qualifiers: [] },
          { code: 'unexplained-pain', regions: ['lower-back'], qualifiers: [] },
        ],
      }).restrictions,
    ).toEqual([
      restriction('UNDX', 'LOCAL', {
        techniques: 'all',
        regions: ['neck', 'lower-back'],
        maxPressure: 'none',
        summary: 'no-work-at-site',
        triggeredBy: ['conditions.0', 'conditions.1'],
      }),
      restriction('UNDX', 'CLEARANCE', {
        techniques: 'all',
        regions: ['neck', 'lower-back'],
        summary: 'clearance-until-diagnosed',
        triggeredBy: ['conditions.0', 'conditions.1'],
      }),
    ]);
  });

  it('near miss: epilepsy and cardiovascular disease have no row in table 2026.1', () => {
    expect(
      screenAnswers({
        conditions: [
          { code: 'epilepsy', regions: [], qualifiers: [] },
          { code: 'cardiovascular-disease', regions: [], qualifiers: [] },
        ],
      }).restrictions,
    ).toEqual([]);
  });
});
