import fc from 'fast-check';
import {
  applyAppointmentFact,
  carePolicyOfDays,
  careSpanOf,
  isCurrentAt,
  type AppointmentCare,
  type AppointmentCareFact,
  type CareWindow,
} from './care-rule';

const DAY = 24 * 60 * 60 * 1000;
const policy = carePolicyOfDays(30);
const at = (iso: string): Date => new Date(iso);
const ids = { appointmentId: 'a1', clientId: 'c1', locationId: 'downtown', therapistId: 't1' };

/** Applies facts in order to one appointment, as the projection does (an ignored fact leaves it as it was). */
function replay(facts: AppointmentCareFact[], start?: AppointmentCare): AppointmentCare | undefined {
  return facts.reduce<AppointmentCare | undefined>((current, fact) => applyAppointmentFact(current, fact, policy) ?? current, start);
}
const windowOf = (a: AppointmentCare | undefined, therapistId: string): CareWindow | undefined => a?.windows.find((w) => w.therapistId === therapistId);

describe('the care rule', () => {
  const booked: AppointmentCareFact = { ...ids, kind: 'booked', endsAt: at('2026-03-10T15:00:00Z'), at: at('2026-03-01T09:00:00Z') };

  it('opens a window at the booking that lasts until the appointment ends plus the retention', () => {
    const a = replay([booked]);
    expect(a?.windows).toEqual([{ therapistId: 't1', since: booked.at, until: at('2026-04-09T15:00:00Z') }]);
  });

  it('closes a sole appointment’s window at its cancellation: no access afterwards, whatever the retention', () => {
    const a = replay([booked, { ...ids, kind: 'ended', at: at('2026-03-05T12:00:00Z') }]);
    const span = careSpanOf(a?.windows ?? []);
    expect(span).toEqual({ since: booked.at, until: at('2026-03-05T12:00:00Z') });
    expect(isCurrentAt(span!, at('2026-03-05T11:59:59Z'))).toBe(true);
    expect(isCurrentAt(span!, at('2026-03-05T12:00:00Z'))).toBe(false);
  });

  it('closes the window at a no-show too (nothing was treated)', () => {
    const a = replay([booked, { ...ids, kind: 'ended', at: at('2026-03-10T14:20:00Z') }]);
    expect(windowOf(a, 't1')?.until).toEqual(at('2026-03-10T14:20:00Z'));
  });

  it('moves care with the appointment: the previous therapist’s window closes at the move, the new one’s opens', () => {
    const moved = replay([booked, { ...ids, therapistId: 't2', kind: 'rescheduled', endsAt: at('2026-03-12T15:00:00Z'), at: at('2026-03-03T10:00:00Z') }]);
    expect(windowOf(moved, 't1')).toEqual({ therapistId: 't1', since: booked.at, until: at('2026-03-03T10:00:00Z') });
    expect(windowOf(moved, 't2')).toEqual({ therapistId: 't2', since: at('2026-03-03T10:00:00Z'), until: at('2026-04-11T15:00:00Z') });
    // Moved back: the first therapist's window reopens (its start kept), the second's closes.
    const back = replay([{ ...ids, kind: 'rescheduled', endsAt: at('2026-03-14T15:00:00Z'), at: at('2026-03-04T10:00:00Z') }], moved);
    expect(windowOf(back, 't1')).toEqual({ therapistId: 't1', since: booked.at, until: at('2026-04-13T15:00:00Z') });
    expect(windowOf(back, 't2')?.until).toEqual(at('2026-03-04T10:00:00Z'));
  });

  it('moves the end of the window with the appointment when the therapist stays', () => {
    const a = replay([booked, { ...ids, kind: 'rescheduled', endsAt: at('2026-03-20T15:00:00Z'), at: at('2026-03-02T09:00:00Z') }]);
    expect(a?.windows).toEqual([{ therapistId: 't1', since: booked.at, until: at('2026-04-19T15:00:00Z') }]);
  });

  it('ignores an older event, and any booking or move of an appointment already ended', () => {
    const cancelled = replay([booked, { ...ids, kind: 'ended', at: at('2026-03-05T12:00:00Z') }]);
    expect(applyAppointmentFact(cancelled, { ...booked, at: at('2026-03-06T00:00:00Z') }, policy)).toBeUndefined();
    const moved = replay([booked, { ...ids, kind: 'rescheduled', endsAt: at('2026-03-20T15:00:00Z'), at: at('2026-03-02T09:00:00Z') }]);
    expect(applyAppointmentFact(moved, booked, policy)).toBeUndefined();
  });

  it('applies a cancellation whose booking it never saw as an ended appointment with no window', () => {
    const a = replay([{ ...ids, kind: 'ended', at: at('2026-03-05T12:00:00Z') }]);
    expect(a).toMatchObject({ ended: true, windows: [] });
    expect(applyAppointmentFact(a, booked, policy)).toBeUndefined();
  });

  it('refuses a retention that is not a whole number of days from 0 to 3650', () => {
    for (const bad of [-1, 1.5, 3651, Number.NaN]) expect(() => carePolicyOfDays(bad)).toThrow(/care retention/);
    expect(carePolicyOfDays(0).retentionMs).toBe(0);
  });
});

describe('the care rule, over random appointment histories (fast-check)', () => {
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  const therapists = ['t1', 't2', 't3'];

  /** One appointment's events as scheduling publishes them: a booking, moves, maybe an end; instants increasing. */
  const history = (appointmentId: string) =>
    fc
      .record({
        therapist: fc.constantFrom(...therapists),
        bookedAt: fc.integer({ min: 0, max: 60 * DAY }),
        lead: fc.integer({ min: 1, max: 90 * DAY }),
        moves: fc.array(fc.record({ therapist: fc.constantFrom(...therapists), after: fc.integer({ min: 1, max: 10 * DAY }), shift: fc.integer({ min: -5 * DAY, max: 20 * DAY }) }), { maxLength: 3 }),
        end: fc.option(fc.integer({ min: 1, max: 10 * DAY }), { nil: undefined }),
      })
      .map(({ therapist, bookedAt, lead, moves, end }) => {
        const base = { appointmentId, clientId: 'c1', locationId: 'downtown' };
        let t = T0 + bookedAt;
        let endsAt = t + lead;
        let current = therapist;
        const facts: AppointmentCareFact[] = [{ ...base, therapistId: therapist, kind: 'booked', endsAt: new Date(endsAt), at: new Date(t) }];
        for (const m of moves) {
          t += m.after;
          endsAt = Math.max(t + 1, endsAt + m.shift);
          current = m.therapist;
          facts.push({ ...base, therapistId: current, kind: 'rescheduled', endsAt: new Date(endsAt), at: new Date(t) });
        }
        if (end !== undefined) facts.push({ ...base, therapistId: current, kind: 'ended', at: new Date(t + end) });
        return facts;
      });

  /** Several appointments of one client, their events interleaved (each appointment's own stay in order), some delivered twice. */
  const histories = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 })
    .chain((n) => fc.tuple(...n.map((_, i) => history(`a${i}`))))
    .chain((perAppointment) =>
      fc.tuple(
        fc.constant(perAppointment),
        fc.array(fc.nat(), { minLength: perAppointment.flat().length, maxLength: perAppointment.flat().length }),
        fc.array(fc.boolean(), { minLength: perAppointment.flat().length, maxLength: perAppointment.flat().length }),
      ),
    )
    .map(([perAppointment, order, twice]) => {
      // Merge keeping each appointment's order: at each step, take the next fact of the appointment `order` points at.
      const queues = perAppointment.map((facts) => [...facts]);
      const delivered: AppointmentCareFact[] = [];
      for (let i = 0; queues.some((q) => q.length > 0); i++) {
        const open = queues.filter((q) => q.length > 0);
        const fact = open[(order[i] ?? 0) % open.length]!.shift()!;
        delivered.push(fact);
        if (twice[i]) delivered.push(fact);
      }
      return { perAppointment, delivered };
    });

  const project = (delivered: AppointmentCareFact[]): Map<string, AppointmentCare> => {
    const appointments = new Map<string, AppointmentCare>();
    for (const fact of delivered) {
      const next = applyAppointmentFact(appointments.get(fact.appointmentId), fact, policy);
      if (next) appointments.set(fact.appointmentId, next);
    }
    return appointments;
  };
  const spanOf = (appointments: Map<string, AppointmentCare>, therapistId: string) =>
    careSpanOf([...appointments.values()].flatMap((a) => a.windows.filter((w) => w.therapistId === therapistId)));

  it('from the last event on, a therapist is in care exactly while an appointment that stands with them is within its retention', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 200 * DAY }), ({ perAppointment, delivered }, later) => {
        const appointments = project(delivered);
        const last = Math.max(...delivered.map((f) => f.at.getTime()));
        const now = new Date(last + later);
        for (const therapist of therapists) {
          const span = spanOf(appointments, therapist);
          const inCare = span !== undefined && isCurrentAt(span, now);
          // The reference: each appointment's final state is its last event (scheduling's own order).
          const expected = perAppointment.some((facts) => {
            const final = facts[facts.length - 1]!;
            return final.kind !== 'ended' && final.therapistId === therapist && final.endsAt.getTime() + policy.retentionMs > now.getTime();
          });
          expect({ therapist, inCare }).toEqual({ therapist, inCare: expected });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never lasts past the retention after the latest end a therapist’s appointments ever had, nor starts before their first booking', () => {
    fc.assert(
      fc.property(histories, ({ delivered }) => {
        const appointments = project(delivered);
        for (const therapist of therapists) {
          const span = spanOf(appointments, therapist);
          const theirs = delivered.filter((f) => f.therapistId === therapist);
          if (theirs.length === 0) {
            expect(span).toBeUndefined();
            continue;
          }
          if (!span) continue;
          const bound = Math.max(...theirs.map((f) => (f.kind === 'ended' ? f.at.getTime() : Math.max(f.endsAt.getTime() + policy.retentionMs, f.at.getTime()))));
          expect(span.until.getTime()).toBeLessThanOrEqual(bound);
          expect(span.since.getTime()).toBeGreaterThanOrEqual(Math.min(...theirs.map((f) => f.at.getTime())));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same projection whether each event is delivered once or twice', () => {
    fc.assert(
      fc.property(histories, ({ perAppointment, delivered }) => {
        const once = project(perAppointment.flat());
        const twice = project(delivered);
        expect([...twice.entries()].sort()).toEqual([...once.entries()].sort());
      }),
      { numRuns: 500 },
    );
  });
});
