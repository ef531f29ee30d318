import { afterQuietHours, DEFAULT_NOTIFICATION_SETTINGS, localStart, nominalDueAt, planReminders, reminderKind, type ReminderPlan } from './reminder-plan';

const dueOf = (plan: ReminderPlan): Record<string, string> =>
  Object.fromEntries(plan.scheduled.map((m) => [m.kind, m.dueAt.toISOString()]));
const longBefore = new Date('2026-01-01T00:00:00Z');

describe('planReminders: hand-worked examples', () => {
  it('names reminders by their offset', () => {
    expect([reminderKind(1440), reminderKind(120), reminderKind(90)]).toEqual(['reminder-24h', 'reminder-2h', 'reminder-90m']);
  });

  it('plans the pre-visit check 48 h, reminders 24 h and 2 h before a 14:00 London visit in June', () => {
    const plan = planReminders({ startsAt: new Date('2026-06-10T13:00:00Z'), timeZone: 'Europe/London' }, longBefore);
    expect(dueOf(plan)).toEqual({
      'pre-visit-check': '2026-06-08T13:00:00.000Z',
      'reminder-24h': '2026-06-09T13:00:00.000Z',
      'reminder-2h': '2026-06-10T11:00:00.000Z',
    });
    expect(plan.skipped).toEqual([]);
  });

  describe('24 h before means the same local clock time the day before, across DST', () => {
    it('Toronto spring-forward (2026-03-08): a Sunday 09:00 EDT visit is reminded at Saturday 09:00 EST, 23 elapsed hours before', () => {
      const startsAt = new Date('2026-03-08T13:00:00Z'); // 09:00 EDT
      const plan = planReminders({ startsAt, timeZone: 'America/Toronto' }, longBefore);
      expect(dueOf(plan)).toEqual({
        'pre-visit-check': '2026-03-06T14:00:00.000Z', // Friday 09:00 EST
        'reminder-24h': '2026-03-07T14:00:00.000Z', // Saturday 09:00 EST
        'reminder-2h': '2026-03-08T12:00:00.000Z', // 07:00 EDT is quiet: 08:00 EDT
      });
      expect(startsAt.getTime() - new Date(dueOf(plan)['reminder-24h']).getTime()).toBe(23 * 3_600_000);
    });

    it('Toronto fall-back (2026-11-01): a Sunday 09:00 EST visit is reminded at Saturday 09:00 EDT, 25 elapsed hours before', () => {
      const startsAt = new Date('2026-11-01T14:00:00Z'); // 09:00 EST
      const plan = planReminders({ startsAt, timeZone: 'America/Toronto' }, longBefore);
      expect(dueOf(plan)['reminder-24h']).toBe('2026-10-31T13:00:00.000Z'); // Saturday 09:00 EDT
      expect(dueOf(plan)['pre-visit-check']).toBe('2026-10-30T13:00:00.000Z'); // Friday 09:00 EDT
      expect(startsAt.getTime() - new Date(dueOf(plan)['reminder-24h']).getTime()).toBe(25 * 3_600_000);
    });

    it('London spring-forward (2026-03-29) and fall-back (2026-10-25): 23 and 25 elapsed hours', () => {
      const spring = planReminders({ startsAt: new Date('2026-03-29T08:00:00Z'), timeZone: 'Europe/London' }, longBefore); // 09:00 BST
      expect(dueOf(spring)['reminder-24h']).toBe('2026-03-28T09:00:00.000Z'); // 09:00 GMT
      expect(dueOf(spring)['pre-visit-check']).toBe('2026-03-27T09:00:00.000Z');
      const autumn = planReminders({ startsAt: new Date('2026-10-25T09:00:00Z'), timeZone: 'Europe/London' }, longBefore); // 09:00 GMT
      expect(dueOf(autumn)['reminder-24h']).toBe('2026-10-24T08:00:00.000Z'); // 09:00 BST
      expect(dueOf(autumn)['pre-visit-check']).toBe('2026-10-23T08:00:00.000Z');
    });

    it('2 h means 120 elapsed minutes, also on the change day (Toronto 2026-03-08 10:00 EDT → 08:00 EDT)', () => {
      const plan = planReminders({ startsAt: new Date('2026-03-08T14:00:00Z'), timeZone: 'America/Toronto' }, longBefore);
      expect(dueOf(plan)['reminder-2h']).toBe('2026-03-08T12:00:00.000Z');
    });

    it('a local time the clocks skipped the day before moves forward with the clocks', () => {
      // 02:30 on Monday 2026-03-09 exists; on Sunday it does not (02:00 EST → 03:00 EDT): 03:30 EDT, then quiet until 08:00.
      expect(nominalDueAt({ startsAt: new Date('2026-03-09T06:30:00Z'), timeZone: 'America/Toronto' }, 1440).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    });
  });

  describe('quiet hours (21:00–08:00 local by default)', () => {
    it('a reminder due at night waits until 08:00 local', () => {
      const plan = planReminders({ startsAt: new Date('2026-06-10T08:30:00Z'), timeZone: 'Europe/London' }, longBefore); // 09:30 BST
      expect(plan.scheduled.find((m) => m.kind === 'reminder-2h')).toEqual({ kind: 'reminder-2h', dueAt: new Date('2026-06-10T07:00:00Z'), movedByQuietHours: true });
    });

    it('a 24 h reminder of a 22:00 visit waits until 08:00 on the day itself', () => {
      const plan = planReminders({ startsAt: new Date('2026-06-10T21:00:00Z'), timeZone: 'Europe/London' }, longBefore); // 22:00 BST
      expect(dueOf(plan)['reminder-24h']).toBe('2026-06-10T07:00:00.000Z');
    });

    it('is skipped when waiting for the end of the quiet hours would reach the start (07:30 visit, 2 h reminder)', () => {
      const plan = planReminders({ startsAt: new Date('2026-06-10T06:30:00Z'), timeZone: 'Europe/London' }, longBefore); // 07:30 BST
      expect(plan.skipped).toEqual([{ kind: 'reminder-2h', reason: 'quiet-hours-reach-start' }]);
      expect(plan.scheduled.map((m) => m.kind)).toEqual(['pre-visit-check', 'reminder-24h']);
    });

    it('no quiet hours: the nominal instants stand', () => {
      const plan = planReminders({ startsAt: new Date('2026-06-10T06:30:00Z'), timeZone: 'Europe/London' }, longBefore, { ...DEFAULT_NOTIFICATION_SETTINGS, quietHours: null });
      expect(dueOf(plan)['reminder-2h']).toBe('2026-06-10T04:30:00.000Z');
    });

    it('an 21:00 instant is quiet, an 08:00 one is not', () => {
      const quiet = DEFAULT_NOTIFICATION_SETTINGS.quietHours;
      expect(afterQuietHours(new Date('2026-06-10T20:00:00Z'), 'Europe/London', quiet).toISOString()).toBe('2026-06-11T07:00:00.000Z');
      expect(afterQuietHours(new Date('2026-06-10T07:00:00Z'), 'Europe/London', quiet).toISOString()).toBe('2026-06-10T07:00:00.000Z');
    });
  });

  it('skips what is already past when planned (booked at short notice): the confirmation has just told the client', () => {
    const startsAt = new Date('2026-06-10T13:00:00Z');
    const plan = planReminders({ startsAt, timeZone: 'Europe/London' }, new Date('2026-06-10T12:00:00Z'));
    expect(plan.scheduled).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['past', 'past', 'past']);
  });

  it('reads the start in the location zone', () => {
    expect(localStart({ startsAt: new Date('2026-03-09T13:00:00Z'), timeZone: 'America/Toronto' })).toEqual({ localDate: '2026-03-09', localTime: '09:00' });
  });
});
