import { AS_OF, END_OF_AS_OF_DAY, answers, daysAgo, of } from '../testing/screening.fixtures';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { screen } from './screen';

// Today's symptoms hold only on the UTC day they were answered (screen's `answeredAt`).
const fever = answers({ symptomsToday: ['fever-last-48h'] });

describe('answers given on another day (answeredAt)', () => {
  it('a fever answered today defers, until the end of that UTC day', () => {
    const r = screen(fever, [], RULE_TABLE_2026_1, AS_OF, new Date('2026-06-15T00:00:00.000Z'));
    expect(r.outcome).toBe('deferred');
    expect(of(r, 'FEVER').map((x) => [x.kind, x.reScreenBy])).toEqual([['ABSOLUTE', END_OF_AS_OF_DAY]]);
  });

  it('a fever answered on an earlier UTC day counts as none when re-screened', () => {
    const r = screen(fever, [], RULE_TABLE_2026_1, AS_OF, new Date('2026-06-14T23:59:59.999Z'));
    expect(r.outcome).toBe('cleared');
    expect(r.restrictions).toEqual([]);
  });

  it('a restriction that still holds without the symptoms keeps the row reScreenBy only', () => {
    const htn = answers({
      conditions: [{ code: 'hypertension', regions: [], qualifiers: ['uncontrolled'], diagnosedOn: daysAgo(400) }],
      symptomsToday: ['headache'],
    });
    const today = screen(htn, [], RULE_TABLE_2026_1, AS_OF, AS_OF);
    const later = screen(htn, [], RULE_TABLE_2026_1, AS_OF, new Date('2026-06-01T10:00:00.000Z'));
    // Uncontrolled hypertension defers whatever the day: the headache only adds a path.
    expect(of(later, 'HTN').map((x) => x.kind)).toEqual(of(today, 'HTN').map((x) => x.kind));
    for (const x of of(today, 'HTN')) expect(x.reScreenBy).not.toBe(END_OF_AS_OF_DAY);
  });

  it('hypertension with a headache today: the deferral and its clearance end with the day; the MODIFY stays', () => {
    const htn = answers({
      conditions: [{ code: 'hypertension', regions: [], qualifiers: [] }],
      symptomsToday: ['headache'],
    });
    const today = screen(htn, [], RULE_TABLE_2026_1, AS_OF, AS_OF);
    expect(of(today, 'HTN').map((x) => [x.kind, x.reScreenBy === END_OF_AS_OF_DAY])).toEqual([
      ['ABSOLUTE', true],
      ['CLEARANCE', true],
      ['MODIFY', false],
    ]);
    const later = screen(htn, [], RULE_TABLE_2026_1, AS_OF, new Date('2026-06-10T10:00:00.000Z'));
    expect(of(later, 'HTN').map((x) => x.kind)).toEqual(['MODIFY']);
  });

  it('without answeredAt the answers are taken as given on the as-of day', () => {
    expect(screen(fever, [], RULE_TABLE_2026_1, AS_OF)).toEqual(screen(fever, [], RULE_TABLE_2026_1, AS_OF, AS_OF));
  });
});
