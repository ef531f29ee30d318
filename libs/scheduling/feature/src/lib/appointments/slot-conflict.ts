import type { Refusal } from '@massage/scheduling-domain';
import { bookingRefused, type SchedulingRefusal } from '../http/scheduling-refusal';

/** Which resource each exclusion constraint guards (migration 1765300100000). */
const RESOURCE_OF: Record<string, 'therapist' | 'room' | 'client'> = {
  appointment_therapist_free: 'therapist',
  appointment_room_free: 'room',
  appointment_client_free: 'client',
};

/**
 * An exclusion violation (`23P01`) of an appointment write, as the `slot-taken` refusal naming the resource:
 * a concurrent booking committed first, after this one's check had read the calendar. Undefined for any
 * other error (which then stays a 500).
 */
export function slotTakenFrom(error: unknown): SchedulingRefusal | undefined {
  const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (pg?.code !== '23P01') return undefined;
  const resource = RESOURCE_OF[pg.constraint ?? ''];
  const refusal: Refusal = resource ? { rule: 'slot-taken', resource } : { rule: 'slot-taken', resource: 'therapist' };
  return bookingRefused([refusal]);
}
