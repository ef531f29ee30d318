import type { Refusal } from '@massage/scheduling-domain';

/**
 * A request the scheduling rules refuse, named by its rule (`slot-taken`, `licence-expired`, `invalid-transition`…).
 * Use cases throw it; `SchedulingRefusalFilter` answers it as problem+json whose `type` ends in the rule.
 */
export class SchedulingRefusal extends Error {
  constructor(
    readonly status: 409 | 422,
    readonly rule: string,
    detail: string,
    /** The domain's refusals in full (a booking can break several rules at once). */
    readonly refusals: readonly Refusal[] = [],
  ) {
    super(detail);
    this.name = 'SchedulingRefusal';
  }
}

/** What each booking rule means to a front desk, for the problem's `detail`. */
const DETAIL: Record<Refusal['rule'], string> = {
  'licence-expired': "The therapist has no licence of the location's jurisdiction valid on the appointment date.",
  'not-certified': 'The therapist is not certified (on that date) for a planned technique.',
  'screening-pending': 'The client has not been screened yet; book once their screening is in.',
  deferred: "The client's latest screening defers massage until a condition is resolved.",
  contraindicated: "The client's latest screening forbids a planned technique, region or pressure.",
  'clearance-required': "A planned technique needs a physician's clearance valid for the whole appointment.",
  'slot-taken': 'The therapist, the room or the client is already booked for part of this time (clean-up buffers included).',
  'outside-hours': "The appointment is outside the location's hours or the therapist's shift, or meets their time off.",
  'room-unsuitable': 'The room lacks equipment the service needs.',
};

/**
 * The booking refused, named by its first rule other than `slot-taken` (422: another time would not help, and
 * the check lists licence and clinical rules first), or by `slot-taken` (409) when that is all. Every refusal is
 * listed in the problem.
 */
export function bookingRefused(refusals: readonly Refusal[]): SchedulingRefusal {
  const first = refusals.find((r) => r.rule !== 'slot-taken') ?? refusals[0];
  if (!first) throw new Error('bookingRefused needs at least one refusal');
  return new SchedulingRefusal(first.rule === 'slot-taken' ? 409 : 422, first.rule, DETAIL[first.rule], refusals);
}
