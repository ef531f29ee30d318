import { flagsNeedingClearance } from './clearance';

describe('flagsNeedingClearance', () => {
  it('flags the conditions and medications that need a physician first', () => {
    expect(flagsNeedingClearance(['osteoporosis', 'diabetes', 'recent-surgery'], ['anticoagulant', 'analgesic']).map((f) => f.rule)).toEqual([
      'SURG',
      'OSTEO',
      'ANTICOAG',
    ]);
  });

  it('flags nothing for codes without a clearance rule', () => {
    expect(flagsNeedingClearance(['diabetes', 'other'], ['analgesic'])).toEqual([]);
  });
});
