import type { HealthAnswers } from '../health-answers';
import { checkHealthAnswers, normalizeHealthAnswers } from './health-answers.rules';

const now = new Date('2026-11-27T12:00:00Z');
const valid = (): HealthAnswers => ({
  conditions: [
    { code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2026-03-01', treatmentEndedOn: '2026-09-01' },
    { code: 'hypertension', regions: [], qualifiers: ['controlled'], diagnosedOn: '2019-05-10', note: 'on tablets' },
  ],
  surgeries: [{ on: '2026-10-01', sites: ['right-knee'] }],
  fractures: [{ on: '2026-09-15', sites: ['left-hand'], healed: false }],
  devices: [{ kind: 'pacemaker', sites: ['chest'], placedOn: '2024-02-01' }],
  pregnancy: { weeks: 20, riskFactors: [] },
  medications: [{ class: 'anticoagulant', name: 'apixaban' }],
  symptomsToday: ['headache'],
  painAreas: [{ region: 'lower-back', rating: 6 }],
  pressurePreference: 'P3',
});
const fieldsOf = (change: Partial<HealthAnswers>): string[] => checkHealthAnswers(normalizeHealthAnswers({ ...valid(), ...change }), now).map((v) => v.field);
const condition = (c: Partial<HealthAnswers['conditions'][number]>): string[] =>
  fieldsOf({ conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [], ...c }] });

describe('checkHealthAnswers (form v2)', () => {
  it('accepts complete answers, and answers with nothing to report', () => {
    expect(fieldsOf({})).toEqual([]);
    expect(fieldsOf({ conditions: [], surgeries: [], fractures: [], devices: [], pregnancy: undefined, medications: [], symptomsToday: [], painAreas: [] })).toEqual([]);
  });

  it('names the region that is not a body region, and a region given twice', () => {
    expect(fieldsOf({ conditions: [valid().conditions[0], valid().conditions[1], { code: 'varicose-veins', regions: ['tail' as never], qualifiers: [] }] })).toEqual([
      'answers.conditions.2.regions.0',
    ]);
    expect(condition({ code: 'varicose-veins', regions: ['left-calf', 'left-calf'] })).toEqual(['answers.conditions.0.regions.1']);
  });

  it('needs a region where the rule acts on the site ("where?")', () => {
    expect(condition({ code: 'radiation-field', regions: [] })).toEqual(['answers.conditions.0.regions']);
    expect(condition({ code: 'osteoporosis', regions: [] })).toEqual([]);
  });

  it('refuses a qualifier the code does not offer, a repeated one, and two that exclude each other', () => {
    expect(condition({ code: 'osteoporosis', qualifiers: ['in-flare'] })).toEqual(['answers.conditions.0.qualifiers.0']);
    expect(condition({ code: 'hypertension', qualifiers: ['controlled', 'controlled'] })).toEqual(['answers.conditions.0.qualifiers.1']);
    expect(condition({ code: 'hypertension', qualifiers: ['controlled', 'uncontrolled'] })).toEqual(['answers.conditions.0.qualifiers.1']);
    expect(condition({ code: 'varicose-veins', regions: ['left-calf'], qualifiers: ['severe'] })).toEqual([]);
  });

  it('refuses an unknown condition code, and a code listed twice (other may repeat)', () => {
    expect(condition({ code: 'flu' as never })).toEqual(['answers.conditions.0.code']);
    const osteo: HealthAnswers['conditions'][number] = { code: 'osteoporosis', regions: [], qualifiers: [] };
    expect(fieldsOf({ conditions: [osteo, { ...osteo }] })).toEqual(['answers.conditions.1.code']);
    expect(fieldsOf({ conditions: [{ ...osteo, code: 'other' }, { ...osteo, code: 'other' }] })).toEqual([]);
  });

  it('dates: real, not in the future, not impossibly old; a treatment does not end before it starts', () => {
    expect(condition({ diagnosedOn: '2026-02-30' })).toEqual(['answers.conditions.0.diagnosedOn']);
    expect(condition({ onsetOn: '2026-12-25' })).toEqual(['answers.conditions.0.onsetOn']);
    expect(condition({ diagnosedOn: '1850-01-01' })).toEqual(['answers.conditions.0.diagnosedOn']);
    expect(condition({ treatmentStartedOn: '2026-05-01', treatmentEndedOn: '2026-04-30' })).toEqual(['answers.conditions.0.treatmentEndedOn']);
    expect(condition({ treatmentStartedOn: '2026-05-01', treatmentEndedOn: '2026-05-01' })).toEqual([]);
    // Today anywhere on Earth counts as today.
    expect(condition({ onsetOn: '2026-11-28' })).toEqual([]);
  });

  it('surgeries and fractures need a date and a site; a device is not removed before it is placed', () => {
    expect(fieldsOf({ surgeries: [{ on: '2027-01-01', sites: [] }] })).toEqual(['answers.surgeries.0.on', 'answers.surgeries.0.sites']);
    expect(fieldsOf({ fractures: [{ on: '2026-09-15', sites: ['left-hand', 'left-hand'], healed: false }] })).toEqual(['answers.fractures.0.sites.1']);
    expect(fieldsOf({ devices: [{ kind: 'port', sites: ['chest'], placedOn: '2026-06-01', removedOn: '2026-05-01' }] })).toEqual(['answers.devices.0.removedOn']);
    expect(fieldsOf({ devices: [{ kind: 'teleporter' as never, sites: ['chest'] }] })).toEqual(['answers.devices.0.kind']);
  });

  it('pregnancy: integer weeks 0–45, each risk factor once', () => {
    expect(fieldsOf({ pregnancy: { weeks: 46, riskFactors: [] } })).toEqual(['answers.pregnancy.weeks']);
    expect(fieldsOf({ pregnancy: { weeks: -1, riskFactors: [] } })).toEqual(['answers.pregnancy.weeks']);
    expect(fieldsOf({ pregnancy: { weeks: 12.5, riskFactors: [] } })).toEqual(['answers.pregnancy.weeks']);
    expect(fieldsOf({ pregnancy: { weeks: 0, riskFactors: [] } })).toEqual([]);
    expect(fieldsOf({ pregnancy: { weeks: 45, riskFactors: ['bleeding', 'bleeding'] } })).toEqual(['answers.pregnancy.riskFactors.1']);
  });

  it('medications, symptoms, pain and pressure', () => {
    expect(fieldsOf({ medications: [{ class: 'aspirin' as never }] })).toEqual(['answers.medications.0.class']);
    expect(fieldsOf({ medications: [{ class: 'other', name: 'x'.repeat(501) }] })).toEqual(['answers.medications.0.name']);
    expect(fieldsOf({ symptomsToday: ['fever-last-48h', 'fever-last-48h'] })).toEqual(['answers.symptomsToday.1']);
    expect(fieldsOf({ painAreas: [{ region: 'neck', rating: 11 }] })).toEqual(['answers.painAreas.0.rating']);
    expect(fieldsOf({ painAreas: [{ region: 'neck', rating: 1 }, { region: 'neck', rating: 2 }] })).toEqual(['answers.painAreas.1.region']);
    expect(fieldsOf({ pressurePreference: 'medium' as never })).toEqual(['answers.pressurePreference']);
  });

  it('never takes the migration marker from a client', () => {
    expect(fieldsOf({ unanswered: ['pregnancy.weeks'] })).toEqual(['answers.unanswered']);
  });

  it('trims notes and names; blank ones count as absent', () => {
    const normalized = normalizeHealthAnswers({ ...valid(), medications: [{ class: 'other', name: '   ' }], surgeries: [{ on: '2026-10-01', sites: ['neck'], note: ' stitches ' }] });
    expect(normalized.medications).toEqual([{ class: 'other' }]);
    expect(normalized.surgeries).toEqual([{ on: '2026-10-01', sites: ['neck'], note: 'stitches' }]);
  });

  it('names fields under the caller’s prefix (a visit update reuses the rules)', () => {
    const violations = checkHealthAnswers({ ...valid(), pregnancy: { weeks: 50, riskFactors: [] } }, now, { prefix: 'changes' });
    expect(violations.map((v) => v.field)).toEqual(['changes.pregnancy.weeks']);
  });
});
