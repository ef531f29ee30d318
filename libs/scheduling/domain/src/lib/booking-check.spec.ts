import { TECHNIQUES } from '@massage/contracts';
import { checkBooking, validateBookingRequest, type BookingDecision } from './booking-check';
import { latestScreening, type ClearanceProjection } from './eligibility.types';
import type { Refusal } from './refusal';
import { booking, context, location, request, restriction, screening, service, therapist } from '../test/fixtures';

function refusals(decision: BookingDecision): Refusal[] {
  return decision.ok ? [] : decision.refusals;
}

describe('checkBooking', () => {
  it('accepts a safe booking and picks the first suitable free room', () => {
    const decision = checkBooking(request(), context());
    expect(decision).toEqual({
      ok: true,
      roomId: 'room-a',
      span: {
        start: new Date('2026-03-10T14:00:00Z'),
        end: new Date('2026-03-10T15:00:00Z'),
        blockedUntil: new Date('2026-03-10T15:15:00Z'),
        localDate: '2026-03-10',
      },
    });
  });

  describe('licence-expired', () => {
    it('refuses on the day after the last valid day, in the location’s local date', () => {
      const t = therapist({ licences: [{ number: 'L', jurisdiction: 'CA-ON', expiresOn: '2026-03-09' }] });
      expect(refusals(checkBooking(request(), context({ therapist: t })))).toEqual([
        { rule: 'licence-expired', jurisdiction: 'CA-ON', date: '2026-03-10', reason: 'expired', expiresOn: '2026-03-09' },
      ]);
      // The last valid day itself is fine: 2026-03-09 20:30 Toronto is already 00:30Z on the 10th.
      const lateOnLastDay = location({ openingHours: { monday: [{ from: '09:00', to: '22:00' }] } });
      const onShift = therapist({ licences: t.licences, shifts: [{ locationId: 'loc-1', weekday: 'monday', from: '09:00', to: '22:00' }] });
      expect(checkBooking(request({ start: new Date('2026-03-10T00:30:00Z') }), context({ location: lateOnLastDay, therapist: onShift })).ok).toBe(true);
    });

    it('refuses a licence of another jurisdiction and one not yet valid', () => {
      const elsewhere = therapist({ licences: [{ number: 'L', jurisdiction: 'GB', expiresOn: '2030-01-01' }] });
      expect(refusals(checkBooking(request(), context({ therapist: elsewhere })))).toEqual([
        { rule: 'licence-expired', jurisdiction: 'CA-ON', date: '2026-03-10', reason: 'no-licence' },
      ]);
      const future = therapist({ licences: [{ number: 'L', jurisdiction: 'CA-ON', validFrom: '2026-03-11', expiresOn: '2030-01-01' }] });
      expect(refusals(checkBooking(request(), context({ therapist: future })))).toEqual([
        { rule: 'licence-expired', jurisdiction: 'CA-ON', date: '2026-03-10', reason: 'not-yet-valid' },
      ]);
    });
  });

  describe('not-certified', () => {
    it('refuses each planned technique without a valid certification', () => {
      const t = therapist({ certifications: [{ technique: 'swedish' }, { technique: 'deep-tissue', expiresOn: '2026-03-01' }] });
      const r = refusals(checkBooking(request({ techniques: ['swedish', 'deep-tissue', 'trigger-point'] }), context({ therapist: t })));
      expect(r).toEqual([
        { rule: 'not-certified', technique: 'deep-tissue', date: '2026-03-10', reason: 'expired' },
        { rule: 'not-certified', technique: 'trigger-point', date: '2026-03-10', reason: 'no-certification' },
      ]);
    });
  });

  describe('screening', () => {
    it('screening-pending without any screening', () => {
      expect(refusals(checkBooking(request(), context({ screening: undefined })))).toEqual([{ rule: 'screening-pending' }]);
    });

    it('deferred by an ABSOLUTE restriction, whatever the plan', () => {
      const s = screening([restriction({ rule: 'DVT_ACT', kind: 'ABSOLUTE' })], { outcome: 'deferred' });
      expect(refusals(checkBooking(request(), context({ screening: s })))).toEqual([{ rule: 'deferred', screeningRules: ['DVT_ACT'] }]);
    });

    it('the latest screening decides', () => {
      const old = screening([restriction({ rule: 'FEVER', kind: 'ABSOLUTE' })], { outcome: 'deferred', asOf: new Date('2026-03-01T00:00:00Z') });
      const now = screening([], { asOf: new Date('2026-03-05T00:00:00Z') });
      expect(checkBooking(request(), context({ screening: latestScreening([now, old]) })).ok).toBe(true);
    });

    it('contraindicated by a LOCAL restriction on a focus region, naming the screening rule', () => {
      const s = screening([restriction({ rule: 'VARIC', kind: 'LOCAL', regions: ['left-calf', 'left-foot'], techniques: ['deep-tissue'] })], { outcome: 'restricted' });
      const plan = { techniques: ['swedish' as const, 'deep-tissue' as const], focusRegions: ['left-calf' as const, 'upper-back' as const] };
      expect(refusals(checkBooking(request(plan), context({ screening: s })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] },
      ]);
      // Swedish alone there is not covered by this restriction.
      expect(checkBooking(request({ ...plan, techniques: ['swedish'] }), context({ screening: s })).ok).toBe(true);
    });

    it('a LOCAL restriction with a cap allows work up to the cap', () => {
      const s = screening([restriction({ rule: 'ONC_RAD', kind: 'LOCAL', regions: ['chest'], maxPressure: 'P1' })], { outcome: 'restricted' });
      expect(checkBooking(request({ focusRegions: ['chest'], pressure: 'P1' }), context({ screening: s })).ok).toBe(true);
      expect(refusals(checkBooking(request({ focusRegions: ['chest'], pressure: 'P2' }), context({ screening: s })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'ONC_RAD', kind: 'LOCAL', techniques: ['swedish'], regions: ['chest'], pressure: { planned: 'P2', max: 'P1' } },
      ]);
    });

    it('MODIFY: its techniques are capped on its regions; other techniques are not its business', () => {
      const s = screening([restriction({ rule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue', 'trigger-point'], maxPressure: 'P2' })], { outcome: 'modified' });
      expect(checkBooking(request({ techniques: ['swedish', 'deep-tissue'], pressure: 'P2' }), context({ screening: s })).ok).toBe(true);
      expect(checkBooking(request({ techniques: ['swedish'], pressure: 'P4' }), context({ screening: s })).ok).toBe(true);
      expect(refusals(checkBooking(request({ techniques: ['swedish', 'deep-tissue'], pressure: 'P4' }), context({ screening: s })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue'], regions: ['upper-back'], pressure: { planned: 'P4', max: 'P2' } },
      ]);
    });

    it('PREG (prenatal only) and OSTEO (deep work on the spine ≤ P2, no joint mobilisation) as the 2026.1 engine compiles them', () => {
      const preg = screening(
        [
          restriction({ rule: 'PREG', kind: 'MODIFY', techniques: TECHNIQUES.filter((t) => t !== 'prenatal'), maxPressure: 'none' }),
          restriction({ rule: 'PREG', kind: 'MODIFY', regions: ['abdomen', 'left-calf', 'right-calf'], maxPressure: 'P2' }),
          restriction({ rule: 'PREG', kind: 'MODIFY' }), // positioning only
        ],
        { outcome: 'modified' },
      );
      expect(checkBooking(request({ techniques: ['prenatal'], focusRegions: ['lower-back', 'upper-back'], pressure: 'P2' }), context({ screening: preg })).ok).toBe(true);
      expect(refusals(checkBooking(request({ focusRegions: ['lower-back'], pressure: 'P2' }), context({ screening: preg })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'PREG', kind: 'MODIFY', techniques: ['swedish'], regions: ['lower-back'], pressure: { planned: 'P2', max: 'none' } },
      ]);
      const osteo = screening(
        [
          restriction({ rule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue', 'trigger-point', 'sports'], regions: ['neck', 'upper-back', 'mid-back', 'lower-back', 'chest', 'left-hip', 'right-hip'], maxPressure: 'P2' }),
          restriction({ rule: 'OSTEO', kind: 'MODIFY', techniques: ['joint-mobilisation', 'rib-springing'], maxPressure: 'none' }),
        ],
        { outcome: 'modified' },
      );
      const ctx = context({ screening: osteo });
      expect(checkBooking(request({ focusRegions: ['lower-back'], pressure: 'P4' }), ctx).ok).toBe(true);
      expect(checkBooking(request({ techniques: ['deep-tissue'], focusRegions: ['lower-back'], pressure: 'P2' }), ctx).ok).toBe(true);
      expect(refusals(checkBooking(request({ techniques: ['deep-tissue'], focusRegions: ['lower-back'], pressure: 'P3' }), ctx))).toEqual([
        { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['deep-tissue'], regions: ['lower-back'], pressure: { planned: 'P3', max: 'P2' } },
      ]);
      const mobiliser = therapist({ certifications: [{ technique: 'joint-mobilisation' }] });
      expect(refusals(checkBooking(request({ techniques: ['joint-mobilisation'], focusRegions: ['left-shoulder'], pressure: 'P1' }), context({ screening: osteo, therapist: mobiliser })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['joint-mobilisation'], regions: ['left-shoulder'], pressure: { planned: 'P1', max: 'none' } },
      ]);
    });

    it('MODIFY with all techniques limits pressure only, and only on its regions', () => {
      const s = screening([restriction({ rule: 'OSTEO', kind: 'MODIFY', regions: ['mid-back', 'lower-back'], maxPressure: 'P2' })], { outcome: 'modified' });
      expect(checkBooking(request({ focusRegions: ['left-thigh'], pressure: 'P5', techniques: ['deep-tissue'] }), context({ screening: s })).ok).toBe(true);
      expect(checkBooking(request({ focusRegions: ['lower-back'], pressure: 'P2' }), context({ screening: s })).ok).toBe(true);
      expect(refusals(checkBooking(request({ focusRegions: ['lower-back'], pressure: 'P3' }), context({ screening: s })))).toEqual([
        { rule: 'contraindicated', screeningRule: 'OSTEO', kind: 'MODIFY', techniques: ['swedish'], regions: ['lower-back'], pressure: { planned: 'P3', max: 'P2' } },
      ]);
    });

    it('clearance-required while a CLEARANCE restriction covering the plan is unsatisfied', () => {
      const r = restriction({ rule: 'ONC_TX', kind: 'CLEARANCE', techniques: ['deep-tissue', 'trigger-point'] });
      const s = screening([r], { outcome: 'clearance-required' });
      expect(checkBooking(request(), context({ screening: s })).ok).toBe(true);
      expect(refusals(checkBooking(request({ techniques: ['deep-tissue'] }), context({ screening: s })))).toEqual([
        { rule: 'clearance-required', screeningRule: 'ONC_TX', techniques: ['deep-tissue'], regions: ['upper-back'], clearance: 'none' },
      ]);
    });

    it('a named clearance counts while recorded, answering the rule and valid until the appointment ends', () => {
      const r = restriction({ rule: 'SURG', kind: 'CLEARANCE', regions: ['abdomen'], satisfiedBy: 'clr-1' });
      const s = screening([r], { outcome: 'restricted' });
      const req = request({ focusRegions: ['abdomen'] });
      const clr: ClearanceProjection = { id: 'clr-1', rules: ['SURG'], status: 'recorded', expiresAt: new Date('2026-03-10T15:00:00Z') };
      expect(checkBooking(req, context({ screening: s, clearances: [clr] })).ok).toBe(true);
      const cases: [Partial<ClearanceProjection>, string][] = [
        [{ expiresAt: new Date('2026-03-10T14:59:00Z') }, 'expired'],
        [{ status: 'expired' }, 'expired'],
        [{ status: 'revoked' }, 'revoked'],
        [{ status: 'requested' }, 'not-recorded'],
        [{ rules: ['ONC_TX'] }, 'unknown'],
        [{ id: 'clr-2' }, 'unknown'],
      ];
      for (const [change, gap] of cases) {
        expect(refusals(checkBooking(req, context({ screening: s, clearances: [{ ...clr, ...change }] })))).toEqual([
          { rule: 'clearance-required', screeningRule: 'SURG', techniques: ['swedish'], regions: ['abdomen'], clearance: gap, clearanceId: 'clr-1' },
        ]);
      }
    });
  });

  describe('slot-taken', () => {
    const start = new Date('2026-03-10T14:00:00Z');
    it('refuses an overlap with the therapist’s, the client’s or the requested room’s booking, buffers included', () => {
      const ctx = (b: Parameters<typeof booking>[0]) => context({ bookings: [booking(b)] });
      // The new span is [14:00, 15:15): a booking ending at 14:00 is fine, one starting at 15:14 is not.
      expect(checkBooking(request(), ctx({ therapistId: 'th-1', start: new Date('2026-03-10T13:00:00Z'), end: start })).ok).toBe(true);
      expect(refusals(checkBooking(request(), ctx({ appointmentId: 'a1', therapistId: 'th-1', start: new Date('2026-03-10T15:14:00Z'), end: new Date('2026-03-10T16:00:00Z') })))).toEqual([
        { rule: 'slot-taken', resource: 'therapist', appointmentId: 'a1' },
      ]);
      expect(refusals(checkBooking(request(), ctx({ appointmentId: 'a2', clientId: 'client-1', start: new Date('2026-03-10T13:30:00Z'), end: new Date('2026-03-10T14:01:00Z') })))).toEqual([
        { rule: 'slot-taken', resource: 'client', appointmentId: 'a2' },
      ]);
      expect(refusals(checkBooking(request({ roomId: 'room-b' }), ctx({ appointmentId: 'a3', roomId: 'room-b', start, end: new Date('2026-03-10T14:30:00Z') })))).toEqual([
        { rule: 'slot-taken', resource: 'room', appointmentId: 'a3' },
      ]);
    });

    it('falls back to another suitable room, and refuses when every suitable room is taken', () => {
      const taken = (roomId: string, appointmentId: string) => booking({ appointmentId, roomId, start, end: new Date('2026-03-10T14:30:00Z') });
      const one = checkBooking(request(), context({ bookings: [taken('room-a', 'a1')] }));
      expect(one.ok && one.roomId).toBe('room-b');
      expect(refusals(checkBooking(request(), context({ bookings: [taken('room-a', 'a1'), taken('room-b', 'a2')] })))).toEqual([{ rule: 'slot-taken', resource: 'room' }]);
    });

    it('a rescheduled appointment does not collide with itself', () => {
      const own = booking({ appointmentId: 'mine', therapistId: 'th-1', clientId: 'client-1', roomId: 'room-a', start, end: new Date('2026-03-10T15:15:00Z') });
      expect(checkBooking(request({ replacesAppointmentId: 'mine' }), context({ bookings: [own] })).ok).toBe(true);
      expect(refusals(checkBooking(request(), context({ bookings: [own] }))).map((r) => r.rule)).toEqual(['slot-taken', 'slot-taken']);
    });
  });

  describe('outside-hours', () => {
    it('refuses outside opening hours, on a closure, outside the shift and during time off', () => {
      const reasons = (decision: BookingDecision) => refusals(decision).map((r) => (r.rule === 'outside-hours' ? r.reason : r.rule));
      // 16:30 local: the appointment would end at 17:30, after closing and after the shift.
      expect(reasons(checkBooking(request({ start: new Date('2026-03-10T20:30:00Z') }), context()))).toEqual(['outside-opening-hours', 'outside-shift']);
      // Ending exactly at closing is fine, the buffer may run past it.
      expect(checkBooking(request({ start: new Date('2026-03-10T20:00:00Z') }), context()).ok).toBe(true);
      expect(reasons(checkBooking(request(), context({ location: location({ closures: [{ from: '2026-03-10', to: '2026-03-10' }] }) })))).toEqual(['location-closed']);
      const shortShift = therapist({ shifts: [{ locationId: 'loc-1', weekday: 'tuesday', from: '12:00', to: '17:00' }] });
      expect(reasons(checkBooking(request(), context({ therapist: shortShift })))).toEqual(['outside-shift']);
      const elsewhere = therapist({ shifts: [{ locationId: 'loc-2', weekday: 'tuesday', from: '09:00', to: '17:00' }] });
      expect(reasons(checkBooking(request(), context({ therapist: elsewhere })))).toEqual(['outside-shift']);
      const away = therapist({ timeOff: [{ from: new Date('2026-03-10T14:59:00Z'), to: new Date('2026-03-10T18:00:00Z') }] });
      expect(reasons(checkBooking(request(), context({ therapist: away })))).toEqual(['time-off']);
    });
  });

  describe('room-unsuitable', () => {
    it('refuses a room without the service’s equipment, or a location with no such room', () => {
      const prenatal = service({ requiredEquipment: ['prenatal-table'] });
      expect(refusals(checkBooking(request({ roomId: 'room-a' }), context({ service: prenatal })))).toEqual([
        { rule: 'room-unsuitable', roomId: 'room-a', missingEquipment: ['prenatal-table'] },
      ]);
      const auto = checkBooking(request(), context({ service: prenatal }));
      expect(auto.ok && auto.roomId).toBe('room-b');
      expect(refusals(checkBooking(request(), context({ service: service({ requiredEquipment: ['hydrotherapy-tub'] }) })))).toEqual([
        { rule: 'room-unsuitable', missingEquipment: ['hydrotherapy-tub'] },
      ]);
    });
  });

  it('reports every reason at once', () => {
    const t = therapist({ licences: [], certifications: [] });
    const rules = refusals(checkBooking(request({ start: new Date('2026-03-10T03:00:00Z') }), context({ therapist: t, screening: undefined }))).map((r) => r.rule);
    expect(rules).toEqual(['licence-expired', 'not-certified', 'screening-pending', 'outside-hours', 'outside-hours']);
  });
});

describe('validateBookingRequest', () => {
  it('names each bad field', () => {
    const bad = request({ techniques: ['swedish', 'sports', 'swedish'], focusRegions: [], roomId: 'room-z', start: new Date('nope') });
    expect(validateBookingRequest(bad, context())).toEqual([
      { field: 'start', reason: 'not an instant' },
      { field: 'roomId', reason: 'not a room of this location' },
      { field: 'techniques.1', reason: 'not a technique of this service' },
      { field: 'techniques.2', reason: 'duplicate' },
      { field: 'focusRegions', reason: 'at least one region' },
    ]);
    expect(validateBookingRequest(request(), context())).toEqual([]);
    expect(validateBookingRequest(request(), context({ service: service({ locationId: 'loc-2' }) }))).toEqual([{ field: 'serviceId', reason: 'service not offered at this location' }]);
  });
});
