import type { BodyRegion, PressureLevel, RestrictionKind, Technique } from '@massage/contracts';
import type { LocalDate } from './local-time';

/**
 * Every reason a booking can be refused. The API's problem+json `type` names one of these; `slot-taken`
 * is a conflict (409), the others are unprocessable (422).
 */
export const BOOKING_REFUSAL_RULES = [
  'licence-expired',
  'not-certified',
  'screening-pending',
  'deferred',
  'contraindicated',
  'clearance-required',
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
  /** No screening of the client yet. */
  | { rule: 'screening-pending' }
  /** The latest screening defers the client (its ABSOLUTE rules; empty if the outcome says deferred without one). */
  | { rule: 'deferred'; screeningRules: string[] }
  /**
   * A LOCAL or MODIFY restriction forbids part of the plan: the planned techniques it blocks on the focus
   * regions it covers, or (`pressure`) the planned pressure above its cap there.
   */
  | {
      rule: 'contraindicated';
      screeningRule: string;
      kind: Extract<RestrictionKind, 'LOCAL' | 'MODIFY'>;
      techniques: Technique[];
      regions: BodyRegion[];
      pressure?: { planned: PressureLevel; max: PressureLevel | 'none' };
    }
  /** A CLEARANCE restriction covers the plan and no clearance is valid for the whole appointment. */
  | {
      rule: 'clearance-required';
      screeningRule: string;
      techniques: Technique[];
      regions: BodyRegion[];
      /** What is wrong with the clearance: none named, not in scheduling's projection, not recorded, revoked, or expiring before the end. */
      clearance: 'none' | 'unknown' | 'not-recorded' | 'revoked' | 'expired';
      clearanceId?: string;
    }
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
