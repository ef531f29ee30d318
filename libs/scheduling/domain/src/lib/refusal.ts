import {
  SCREENING_REFUSAL_RULES,
  type ClearanceRequiredRefusal,
  type ContraindicatedRefusal,
  type DeferredRefusal,
  type ScreeningPendingRefusal,
} from '@massage/clinical-restrictions';
import type { Technique } from '@massage/contracts';
import type { LocalDate } from './local-time';

/**
 * Every reason a booking can be refused. The API's problem+json `type` names one of these; `slot-taken`
 * is a conflict (409), the others are unprocessable (422).
 */
export const BOOKING_REFUSAL_RULES = [
  'licence-expired',
  'not-certified',
  ...SCREENING_REFUSAL_RULES,
  'slot-taken',
  'outside-hours',
  'room-unsuitable',
] as const;
export type BookingRefusalRule = (typeof BOOKING_REFUSAL_RULES)[number];

export type Refusal =
  /** No licence of the location's jurisdiction valid on the appointment's local date. */
  | { rule: 'licence-expired'; jurisdiction: string; date: LocalDate; reason: 'no-licence' | 'expired' | 'not-yet-valid'; expiresOn?: LocalDate }
  /** No certification for a planned technique valid on the appointment's local date. */
  | { rule: 'not-certified'; technique: Technique; date: LocalDate; reason: 'no-certification' | 'expired' | 'not-yet-valid' }
  /**
   * The screening's refusals (`@massage/clinical-restrictions`): no screening yet, deferred, a LOCAL or MODIFY
   * restriction forbidding part of the plan, a CLEARANCE without a valid clearance for the whole appointment.
   * A booking judges its plan as a whole, so the positions of the judged work items (`items`) are dropped.
   */
  | ScreeningPendingRefusal
  | DeferredRefusal
  | Omit<ContraindicatedRefusal, 'items'>
  | Omit<ClearanceRequiredRefusal, 'items'>
  /** The therapist, the room or the client is booked during the span (buffers included). */
  | { rule: 'slot-taken'; resource: 'therapist' | 'room' | 'client'; appointmentId?: string }
  /** The appointment (without its buffer) is not inside the location's opening hours and the therapist's shift, or meets time off. */
  | { rule: 'outside-hours'; reason: 'location-closed' | 'outside-opening-hours' | 'outside-shift' | 'time-off' }
  /** The room (or every room of the location) lacks equipment the service needs. */
  | { rule: 'room-unsuitable'; roomId?: string; missingEquipment: string[] };

/** One broken input rule, named by the field's dotted path in the request (`techniques.1`), as the API reports it. */
export interface RuleViolation {
  field: string;
  reason: string;
}
