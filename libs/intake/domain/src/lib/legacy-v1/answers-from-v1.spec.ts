import { CONDITION_CODES, PRESSURE_PREFERENCES } from '@massage/contracts';
import { checkHealthAnswers } from '../forms/health-answers.rules';
import { healthAnswersFromV1 } from './answers-from-v1';
import type { HealthHistoryV1 } from './health-history-v1';
import { PRESSURE_LEVEL_OF_V1, V1_PRESSURE_OF_LEVEL } from './pressure-levels';

const submittedAt = new Date('2026-03-01T12:00:00Z');
const none: HealthHistoryV1 = { conditions: [], medications: [], recentInjuryOrSurgery: { present: false }, painAreas: [] };

describe('form v1 answers on form v2 (the migration)', () => {
  it('maps pressure words to P-levels one-to-one and in order, and back', () => {
    expect(PRESSURE_PREFERENCES.map((p) => PRESSURE_LEVEL_OF_V1[p])).toEqual(['P2', 'P3', 'P4', 'P5']);
    for (const p of PRESSURE_PREFERENCES) expect(V1_PRESSURE_OF_LEVEL[PRESSURE_LEVEL_OF_V1[p]]).toBe(p);
  });

  it('keeps pain, medications (with names) and notes', () => {
    const a = healthAnswersFromV1(
      { ...none, conditions: [{ code: 'osteoporosis', note: 'since 2019' }], medications: [{ code: 'anticoagulant', name: 'warfarin' }], painAreas: [{ region: 'neck', rating: 4 }] },
      'firm',
      submittedAt,
    );
    expect(a).toEqual({
      conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [], note: 'since 2019' }],
      surgeries: [],
      fractures: [],
      devices: [],
      medications: [{ class: 'anticoagulant', name: 'warfarin' }],
      symptomsToday: [],
      painAreas: [{ region: 'neck', rating: 4 }],
      pressurePreference: 'P4',
    });
  });

  it('today’s state becomes today’s symptoms; a suspected DVT is a DVT with a painful leg today', () => {
    const a = healthAnswersFromV1({ ...none, conditions: [{ code: 'fever' }, { code: 'acute-infection' }, { code: 'suspected-dvt' }] }, 'medium', submittedAt);
    expect(a.symptomsToday).toEqual(['fever-last-48h', 'flu-or-cold-last-48h', 'leg-swollen-warm-or-painful']);
    expect(a.conditions).toEqual([{ code: 'dvt', regions: [], qualifiers: [] }]);
    expect(a.unanswered).toEqual(['conditions.0.regions']);
  });

  it('qualified codes: uncontrolled hypertension, cancer in treatment, a complicated pregnancy (weeks not asked)', () => {
    const a = healthAnswersFromV1(
      { ...none, conditions: [{ code: 'uncontrolled-hypertension' }, { code: 'cancer-treatment' }, { code: 'pregnancy-complications' }, { code: 'pregnancy' }] },
      'light',
      submittedAt,
    );
    expect(a.conditions.map((c) => [c.code, c.qualifiers])).toEqual([
      ['hypertension', ['uncontrolled']],
      ['cancer', ['active-treatment']],
    ]);
    expect(a.pregnancy).toEqual({ weeks: 0, riskFactors: ['other-high-risk'] });
    expect(a.unanswered).toEqual(['pregnancy.weeks']);
  });

  it('the injury-or-surgery answer dates and describes the surgery when v1 listed one', () => {
    const a = healthAnswersFromV1(
      { ...none, conditions: [{ code: 'recent-surgery' }], recentInjuryOrSurgery: { present: true, description: 'knee arthroscopy', date: '2026-01-20' } },
      'medium',
      submittedAt,
    );
    expect(a.surgeries).toEqual([{ on: '2026-01-20', sites: [], note: 'knee arthroscopy' }]);
    expect(a.conditions).toEqual([]);
    expect(a.unanswered).toEqual(['surgeries.0.sites']);
    // Without a date, the surgery was "recent" on the day of the intake.
    expect(healthAnswersFromV1({ ...none, conditions: [{ code: 'recent-surgery' }] }, 'medium', submittedAt).surgeries).toEqual([{ on: '2026-03-01', sites: [] }]);
  });

  it('else the injury is acute inflammation from its date, described in the client’s words', () => {
    const a = healthAnswersFromV1({ ...none, recentInjuryOrSurgery: { present: true, description: 'sprained ankle', date: '2026-02-10' } }, 'medium', submittedAt);
    expect(a.conditions).toEqual([{ code: 'acute-inflammation', regions: [], qualifiers: [], onsetOn: '2026-02-10', note: 'sprained ankle' }]);
    expect(a.unanswered).toEqual(['conditions.0.regions']);
  });

  it('every v1 code maps to answers the v2 rules accept, once the unanswered placeholders are filled', () => {
    for (const code of CONDITION_CODES) {
      const a = healthAnswersFromV1({ ...none, conditions: [{ code }] }, 'deep', submittedAt);
      const unanswered = new Set(a.unanswered ?? []);
      delete a.unanswered;
      const violations = checkHealthAnswers(a, submittedAt, { prefix: '' }).filter((v) => !unanswered.has(v.field));
      expect([code, violations]).toEqual([code, []]);
    }
  });
});
