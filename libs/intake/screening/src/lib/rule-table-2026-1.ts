import type { BodyRegion } from '@massage/contracts';
import { LEGS } from './body-regions';
import type { RuleTableDocument, Trigger } from './screening.types';

/*
 * The first published rule table: the 22 rows of ../shared/domain/screening-rules.md (draft v0.1), each
 * with its variants as separate effects. Numbers marked "(proposed)" there are defaults a clinical lead
 * can change by publishing a new version; so are the few this file had to choose where the draft is
 * silent (each named in its row's `source`). The mapping decisions are listed in the lib's README.
 */

const SRC = 'screening-rules.md draft v0.1';
const GENERAL = `${SRC} (Werner & Benjamin pathology quick reference; ABMP)`;
const ONCOLOGY = `${SRC} (Walton, oncology massage; pressure scale P1–P5)`;

const DVT_CODES = ['dvt', 'thrombophlebitis'] as const;
const RED_FLAG_LEG = ['leg-swollen-warm-or-painful', 'one-sided-leg-pain'] as const;
/** Spine, ribs and hips (OSTEO): the neck and back for the spine, the chest for the ribs. */
const SPINE_RIBS_HIPS: BodyRegion[] = [
  'neck',
  'upper-back',
  'mid-back',
  'lower-back',
  'chest',
  'left-hip',
  'right-hip',
];
const DEEP = ['deep-tissue', 'trigger-point', 'sports'] as const;
const IMPLANTS = ['pacemaker', 'icd', 'port', 'insulin-pump', 'neurostimulator', 'joint-replacement', 'other'] as const;
/** ONC_TX: cancer in active treatment (the qualifier, a treatment without an end, or chemotherapy). */
const ONC_ACTIVE: Trigger = {
  anyOf: [
    { condition: 'cancer', qualifiersAny: ['active-treatment'] },
    { condition: 'cancer', treatment: 'ongoing' },
    { medicationAny: ['chemotherapy'] },
  ],
};
/** HTN: uncontrolled, or symptomatic today. */
const HTN_TODAY: Trigger = {
  anyOf: [
    { condition: 'hypertension', qualifiersAny: ['uncontrolled'] },
    { allOf: [{ condition: 'hypertension' }, { symptomAny: ['headache', 'dizziness'] }] },
  ],
};

/** The default table document, version 2026.1 (frozen: copy it to derive another version). */
export const RULE_TABLE_2026_1: RuleTableDocument = deepFreeze({
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  techniquePressure: {
    // screening-rules.md "Pressure levels" (typical levels, proposed).
    swedish: { min: 'P2', max: 'P3' },
    'deep-tissue': { min: 'P4', max: 'P5' },
    'myofascial-release': { min: 'P2', max: 'P4' },
    'trigger-point': { min: 'P4', max: 'P5' },
    sports: { min: 'P4', max: 'P5' },
    'lymphatic-drainage': { min: 'P1', max: 'P1' },
    // Not in the draft (proposed here): neuromuscular like trigger point but from P3; prenatal like
    // Swedish; percussion, joint mobilisation and rib springing are firm; scar work as MFR.
    neuromuscular: { min: 'P3', max: 'P5' },
    prenatal: { min: 'P2', max: 'P3' },
    percussion: { min: 'P3', max: 'P4' },
    'joint-mobilisation': { min: 'P3', max: 'P4' },
    'rib-springing': { min: 'P3', max: 'P4' },
    'scar-work': { min: 'P2', max: 'P4' },
  },
  rules: [
    {
      code: 'DVT_ACT',
      condition: 'active or suspected DVT/thrombophlebitis',
      askedOnIntake: 'clot treated < 6 months? leg swollen, warm or painful now?',
      reAskEveryVisit: true,
      source: `${GENERAL}; "< 6 months" read as treatment ongoing or ended at most 182 days ago; a clot with no treatment is suspected`,
      effects: [
        {
          when: {
            anyOf: [
              { condition: [...DVT_CODES], treatment: 'none' },
              { condition: [...DVT_CODES], treatedWithinDays: 182 },
              { symptomAny: [...RED_FLAG_LEG] },
            ],
          },
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-refer',
        },
      ],
    },
    {
      code: 'DVT_HX',
      condition: 'treated DVT history',
      askedOnIntake: 'clot treated < 6 months? leg swollen, warm or painful now? anticoagulants?',
      reAskEveryVisit: true,
      source: `${GENERAL}; limb ≤ P2 (proposed); the affected limb and everything distal`,
      effects: [
        {
          when: { condition: [...DVT_CODES], treatedOlderThanDays: 182 },
          kind: 'MODIFY',
          techniques: { only: [...DEEP, 'myofascial-release', 'percussion'] },
          regions: 'trigger',
          distal: true,
          maxPressure: 'P2',
          summary: 'affected-limb-light-pressure',
        },
      ],
    },
    {
      code: 'ANTICOAG',
      condition: 'anticoagulant/antiplatelet medication',
      askedOnIntake: 'blood thinners? bruise easily?',
      reAskEveryVisit: true,
      source: `${GENERAL}; ≤ P2 (proposed): MFR stays possible at P2, its deep range does not; bruising easily counts as the row's question`,
      effects: [
        {
          when: { anyOf: [{ medicationAny: ['anticoagulant', 'antiplatelet'] }, { symptomAny: ['bruises-easily'] }] },
          kind: 'MODIFY',
          techniques: { only: [...DEEP, 'myofascial-release'] },
          regions: 'all',
          maxPressure: 'P2',
          summary: 'no-deep-pressure',
        },
      ],
    },
    {
      code: 'PREG',
      condition: 'pregnancy (every pregnancy; a high-risk one adds PREG_HR)',
      askedOnIntake: 'pregnant? weeks?',
      reAskEveryVisit: true,
      source: `${SRC}; legs ≤ P2 (proposed), also on the abdomen ("no deep work on legs/abdomen"); first trimester MODIFY, never ABSOLUTE`,
      effects: [
        {
          when: { pregnancy: {} },
          kind: 'MODIFY',
          techniques: { allExcept: ['prenatal'] },
          regions: 'all',
          maxPressure: 'none',
          summary: 'prenatal-only',
        },
        {
          when: { pregnancy: {} },
          kind: 'MODIFY',
          techniques: 'all',
          regions: [...LEGS, 'abdomen'],
          maxPressure: 'P2',
          summary: 'no-deep-work-legs-abdomen',
        },
        {
          when: { pregnancy: { maxWeeks: 12 } },
          kind: 'MODIFY',
          techniques: 'all',
          regions: ['abdomen'],
          maxPressure: 'none',
          summary: 'no-abdominal-work-first-trimester',
        },
        {
          when: { pregnancy: { minWeeks: 13 } },
          kind: 'MODIFY',
          techniques: 'all',
          regions: 'all',
          positioning: ['side-lying-or-semi-reclined'],
          summary: 'side-lying-from-second-trimester',
        },
      ],
    },
    {
      code: 'PREG_HR',
      condition: 'high-risk pregnancy; red flags today',
      askedOnIntake:
        'pre-eclampsia, bleeding, placenta issues? today: bleeding, fluid, sudden swelling, one-sided leg pain?',
      reAskEveryVisit: true,
      source: `${SRC}; clearance valid one trimester, 91 days (proposed)`,
      effects: [
        {
          when: { pregnancy: { riskFactorAny: ['pre-eclampsia', 'bleeding', 'placenta-issue', 'other-high-risk'] } },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'all',
          clearanceValidDays: 91,
          summary: 'physician-clearance',
        },
        {
          when: {
            allOf: [
              { pregnancy: {} },
              { symptomAny: ['vaginal-bleeding', 'fluid-leak', 'sudden-swelling', 'one-sided-leg-pain'] },
            ],
          },
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-refer',
        },
      ],
    },
    {
      code: 'ONC_TX',
      condition: 'cancer in active chemo/radiation',
      askedOnIntake: 'cancer? current treatment, dates?',
      reAskEveryVisit: false,
      source: `${ONCOLOGY}; ≤ P2 and 30-day clearance (proposed); active = qualifier, ongoing treatment or chemotherapy medication`,
      effects: [
        {
          when: ONC_ACTIVE,
          kind: 'CLEARANCE',
          techniques: { only: [...DEEP, 'myofascial-release'] },
          regions: 'all',
          clearanceValidDays: 30,
          summary: 'physician-clearance',
        },
        {
          when: ONC_ACTIVE,
          kind: 'MODIFY',
          techniques: { only: [...DEEP, 'myofascial-release'] },
          regions: 'all',
          maxPressure: 'P2',
          summary: 'light-pressure-during-treatment',
        },
      ],
    },
    {
      code: 'ONC_LN',
      condition: 'lymph nodes removed or irradiated',
      askedOnIntake: 'where?',
      reAskEveryVisit: false,
      source: `${ONCOLOGY}; read as MODIFY in the quadrant and the limb distal to it, for life; ≤ P2 (proposed, the upper end of "P1–2")`,
      effects: [
        {
          when: { condition: 'lymph-nodes-removed-or-irradiated' },
          kind: 'MODIFY',
          techniques: { allExcept: ['lymphatic-drainage'] },
          regions: 'trigger',
          distal: true,
          maxPressure: 'P2',
          summary: 'at-risk-quadrant-light-pressure',
        },
      ],
    },
    {
      code: 'ONC_PORT',
      condition: 'port, PICC line, drain',
      askedOnIntake: 'where?',
      reAskEveryVisit: false,
      source: `${ONCOLOGY}; until removed`,
      effects: [
        {
          when: { deviceAny: ['port', 'picc-line', 'drain'], notRemoved: true },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-site',
        },
      ],
    },
    {
      code: 'ONC_RAD',
      condition: 'radiation field',
      askedOnIntake: 'where, when did it end?',
      reAskEveryVisit: false,
      reScreenDays: 90,
      source: `${ONCOLOGY}; ≤ P1 once healed and 3-month recheck (proposed); skin read as healing until 90 days after the end`,
      effects: [
        {
          when: {
            anyOf: [
              { condition: 'radiation-field', treatment: 'none' },
              { condition: 'radiation-field', treatedWithinDays: 90 },
            ],
          },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-until-skin-healed',
        },
        {
          when: { condition: 'radiation-field', treatedOlderThanDays: 90 },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'P1',
          summary: 'gentle-only-at-site',
        },
      ],
    },
    {
      code: 'ONC_BONE',
      condition: 'bone metastasis, tumour site',
      askedOnIntake: 'spread to bone? tumour sites?',
      reAskEveryVisit: false,
      source: `${ONCOLOGY}; ≤ P1 at the site and 30-day clearance (proposed); the clearance is for any massage (bone involvement)`,
      effects: [
        {
          when: { condition: 'bone-metastasis' },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'P1',
          summary: 'gentle-only-at-site',
        },
        {
          when: { condition: 'bone-metastasis' },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'all',
          clearanceValidDays: 30,
          summary: 'physician-clearance',
        },
      ],
    },
    {
      code: 'SURG',
      condition: 'surgery in the last 12 weeks (proposed)',
      askedOnIntake: 'surgery in last 3 months? where?',
      reAskEveryVisit: true,
      source: `${GENERAL}; 84 days and 6-week clearance (proposed); any work at the site needs the clearance, deep/MFR/scar work stays out until the window ends; DVT questions re-asked`,
      effects: [
        {
          when: { surgeryWithinDays: 84 },
          kind: 'LOCAL',
          techniques: { only: ['deep-tissue', 'myofascial-release', 'scar-work'] },
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-deep-or-scar-work-at-site',
        },
        {
          when: { surgeryWithinDays: 84 },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'trigger',
          clearanceValidDays: 42,
          summary: 'clearance-before-work-at-site',
        },
      ],
    },
    {
      code: 'OSTEO',
      condition: 'osteoporosis/osteopenia',
      askedOnIntake: 'osteoporosis? fractures from minor falls?',
      reAskEveryVisit: false,
      source: `${GENERAL}; spine, ribs, hips ≤ P2 (proposed)`,
      effects: [
        {
          when: { condition: ['osteoporosis', 'osteopenia'] },
          kind: 'MODIFY',
          techniques: { only: [...DEEP] },
          regions: SPINE_RIBS_HIPS,
          maxPressure: 'P2',
          summary: 'light-pressure-spine-ribs-hips',
        },
        {
          when: { condition: ['osteoporosis', 'osteopenia'] },
          kind: 'MODIFY',
          techniques: { only: ['rib-springing', 'joint-mobilisation'] },
          regions: 'all',
          maxPressure: 'none',
          summary: 'no-rib-springing-or-joint-mobilisation',
        },
      ],
    },
    {
      code: 'HTN',
      condition: 'hypertension',
      askedOnIntake: 'high blood pressure? medicated? headache/dizziness today?',
      reAskEveryVisit: false,
      source: `${GENERAL}; 90-day clearance (proposed); uncontrolled = the qualifier, symptomatic = headache or dizziness today; every hypertension rises slowly`,
      effects: [
        {
          when: HTN_TODAY,
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-today',
        },
        {
          when: HTN_TODAY,
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'all',
          clearanceValidDays: 90,
          summary: 'physician-clearance',
        },
        {
          when: { condition: 'hypertension' },
          kind: 'MODIFY',
          techniques: 'all',
          regions: 'all',
          positioning: ['rise-slowly'],
          summary: 'rise-slowly',
        },
      ],
    },
    {
      code: 'DM',
      condition: 'diabetes',
      askedOnIntake: 'insulin/pump? numb feet? foot sores? complications?',
      reAskEveryVisit: false,
      source: `${GENERAL}; numb areas ≤ P2 and 90-day clearance (proposed); advanced = complications or foot sores; injection sites are not asked on form v2`,
      effects: [
        {
          when: { deviceAny: ['insulin-pump'], notRemoved: true },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-pump-site',
        },
        {
          when: { condition: 'diabetes', qualifiersAny: ['foot-sores'] },
          kind: 'LOCAL',
          techniques: 'all',
          regions: ['left-foot', 'right-foot'],
          maxPressure: 'none',
          summary: 'no-work-on-foot-sores',
        },
        {
          when: { condition: 'diabetes', qualifiersAny: ['numbness'] },
          kind: 'MODIFY',
          techniques: { only: ['deep-tissue', 'trigger-point'] },
          regions: 'trigger',
          regionsWhenUnstated: ['left-foot', 'right-foot'],
          maxPressure: 'P2',
          summary: 'light-pressure-on-numb-areas',
        },
        {
          when: { condition: 'diabetes', qualifiersAny: ['complications', 'foot-sores'] },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'all',
          clearanceValidDays: 90,
          summary: 'physician-clearance',
        },
      ],
    },
    {
      code: 'FEVER',
      condition: 'fever or contagious illness',
      askedOnIntake: 'fever, flu or cold in last 48 h?',
      reAskEveryVisit: false,
      source: GENERAL,
      effects: [
        {
          when: { symptomAny: ['fever-last-48h', 'flu-or-cold-last-48h'] },
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-reschedule',
        },
      ],
    },
    {
      code: 'SKIN',
      condition: 'contagious skin condition, open wound',
      askedOnIntake: 'rash, fungus, cold sore, wound? where?',
      reAskEveryVisit: false,
      source: `${GENERAL}; cellulitis is always ABSOLUTE; any other skin condition is LOCAL unless widespread`,
      effects: [
        {
          when: { condition: ['contagious-skin-condition', 'open-wound'], qualifiersNone: ['widespread'] },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-site',
        },
        {
          when: {
            anyOf: [
              { condition: ['contagious-skin-condition', 'open-wound'], qualifiersAny: ['widespread'] },
              { condition: 'cellulitis' },
            ],
          },
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-until-resolved',
        },
      ],
    },
    {
      code: 'VARIC',
      condition: 'varicose veins',
      askedOnIntake: 'where? painful?',
      reAskEveryVisit: false,
      source: `${GENERAL}; mild ≤ P2 on the legs (proposed); severe = the qualifier; a severe vein with no region given covers the legs`,
      effects: [
        {
          when: { condition: 'varicose-veins', qualifiersAny: ['severe'] },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          distal: true,
          regionsWhenUnstated: [...LEGS],
          maxPressure: 'none',
          summary: 'no-work-on-vein-and-distal',
        },
        {
          when: { condition: 'varicose-veins', qualifiersNone: ['severe'] },
          kind: 'MODIFY',
          techniques: 'all',
          regions: [...LEGS],
          maxPressure: 'P2',
          summary: 'no-deep-work-or-percussion-on-legs',
        },
      ],
    },
    {
      code: 'FRACT',
      condition: 'fracture in last 12 weeks (proposed)',
      askedOnIntake: 'broken bone or cast recently?',
      reAskEveryVisit: false,
      source: `${GENERAL}; 84 days (proposed); LOCAL until union; direct work at the site needs a clearance within the window, healed or not; clearance 84 days (proposed here)`,
      effects: [
        {
          when: { fractureWithinDays: 84, unhealedOnly: true },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-site-until-union',
        },
        {
          when: { fractureWithinDays: 84 },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'trigger',
          clearanceValidDays: 84,
          summary: 'clearance-before-direct-work',
        },
      ],
    },
    {
      code: 'INFLAM',
      condition: 'acute local inflammation',
      askedOnIntake: 'any area hot, swollen or sharply painful now?',
      reAskEveryVisit: false,
      source: `${GENERAL}; subacute ≤ P2 (proposed); acute unless qualified subacute`,
      effects: [
        {
          when: { condition: 'acute-inflammation', qualifiersNone: ['subacute'] },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-site',
        },
        {
          when: { condition: 'acute-inflammation', qualifiersAny: ['subacute'] },
          kind: 'MODIFY',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'P2',
          summary: 'light-pressure-at-site',
        },
      ],
    },
    {
      code: 'RA_FLARE',
      condition: 'rheumatoid arthritis/lupus in flare',
      askedOnIntake: 'flare now?',
      reAskEveryVisit: false,
      source: GENERAL,
      effects: [
        {
          when: { condition: ['rheumatoid-arthritis', 'lupus'], qualifiersAny: ['in-flare'] },
          kind: 'ABSOLUTE',
          techniques: 'all',
          regions: 'all',
          summary: 'no-massage-during-flare',
        },
      ],
    },
    {
      code: 'IMPLANT',
      condition: 'pacemaker/ICD, port, pump, stimulator, new joint',
      askedOnIntake: 'device? which, where, when placed?',
      reAskEveryVisit: false,
      source: `${GENERAL}; placed ≤ 90 days: clearance (proposed), valid 90 days (proposed here); a device with no placement date counts as recent`,
      effects: [
        {
          when: {
            deviceAny: [...IMPLANTS],
            notRemoved: true,
          },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-on-device',
        },
        {
          when: {
            deviceAny: [...IMPLANTS],
            notRemoved: true,
            placedWithinDays: 90,
          },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'trigger',
          clearanceValidDays: 90,
          summary: 'clearance-recent-device',
        },
      ],
    },
    {
      code: 'UNDX',
      condition: 'undiagnosed lump or unexplained pain',
      askedOnIntake: 'new lump or unexplained pain?',
      reAskEveryVisit: false,
      source: `${GENERAL}; LOCAL until diagnosed; clearance 30 days (proposed here)`,
      effects: [
        {
          when: { condition: ['undiagnosed-lump', 'unexplained-pain'] },
          kind: 'LOCAL',
          techniques: 'all',
          regions: 'trigger',
          maxPressure: 'none',
          summary: 'no-work-at-site',
        },
        {
          when: { condition: ['undiagnosed-lump', 'unexplained-pain'] },
          kind: 'CLEARANCE',
          techniques: 'all',
          regions: 'trigger',
          clearanceValidDays: 30,
          summary: 'clearance-until-diagnosed',
        },
      ],
    },
  ],
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
