import type { Refusal } from '@massage/scheduling-domain';
import { bookingRefused, type SchedulingRefusal } from '../http/scheduling-refusal';

/** Which resource each exclusion constraint guards (migration 1765300100000). */
const RESOURCE_OF: Record<string, 'therapist' | 'room' | 'client'> = {
  appointment_therapist_free: 'therapist',
  appointment_room_free: 'room',
  appointment_client_free: 'client',
};

const pgError = (error: unknown): { code?: string; constraint?: string } | undefined => (error as { driverError?: { code?: string; constraint?: string } }).driverError;

/**
 * An exclusion violation (`23P01`) of an appointment write, as the `slot-taken` refusal naming the resource:
 * a concurrent booking committed first, after this one's check had read the calendar. Undefined for any
 * other error (which then stays a 500).
 */
export function slotTakenFrom(error: unknown): SchedulingRefusal | undefined {
  const pg = pgError(error);
  if (pg?.code !== '23P01') return undefined;
  const resource = RESOURCE_OF[pg.constraint ?? ''];
  const refusal: Refusal = resource ? { rule: 'slot-taken', resource } : { rule: 'slot-taken', resource: 'therapist' };
  return bookingRefused([refusal]);
}

/** How often a booking transaction runs again after losing a deadlock to a concurrent booking. */
export const DEADLOCK_ATTEMPTS = 5;

/**
 * Runs an appointment write, again when PostgreSQL aborts it as a deadlock victim (`40P01`). Two concurrent
 * inserts whose spans conflict can each wait on the other's exclusion-index entry; PostgreSQL breaks the cycle
 * by aborting one. Its next run reads the winner's committed row, so the check refuses it with the real reason
 * (or books, if the winner rolled back). After the last attempt the deadlock is a conflict with a concurrent
 * booking: `slot-taken`.
 */
export async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error: unknown) {
      if (pgError(error)?.code !== '40P01') throw error;
      if (attempt >= DEADLOCK_ATTEMPTS) throw bookingRefused([{ rule: 'slot-taken', resource: 'therapist' }]);
    }
  }
}
