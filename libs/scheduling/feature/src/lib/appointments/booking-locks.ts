import type { BookingRequest } from '@massage/scheduling-domain';
import type { EntityManager } from 'typeorm';

/**
 * Queues bookings that contend for the same therapist, client or named room: a transaction-scoped advisory lock
 * per resource, taken in one global order (by hash) before the calendar is read. The second of two such
 * bookings then reads the first one's committed row and is refused by the check with its reason, instead of
 * both passing the check and meeting in the exclusion index, where two waiting inserts can deadlock. The
 * exclusion constraints still decide every race these locks do not cover (an automatically chosen room).
 */
export async function lockBookingResources(manager: EntityManager, request: Pick<BookingRequest, 'therapistId' | 'clientId' | 'roomId'>): Promise<void> {
  await lockBookingKeys(manager, [`therapist:${request.therapistId}`, `client:${request.clientId}`, ...(request.roomId ? [`room:${request.roomId}`] : [])]);
}

/** The same locks by key (`therapist:<id>`, `client:<id>`, `room:<id>`), several bookings' at once (the waitlist weighs many clients for one slot): one statement, one order. */
export async function lockBookingKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS ordered`, [keys]);
}
