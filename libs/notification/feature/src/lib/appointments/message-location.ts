import type { EntityManager } from 'typeorm';

/** The location a due message is sent from, as its template names it and its instants are shown. */
export interface MessageLocation {
  name: string;
  timeZone: string;
}

/**
 * The location of a message being sent, read once in the sending transaction (the compacted locations topic's
 * projection). One not heard of is named by its code and its instants shown in UTC, rather than the message held back.
 */
export async function messageLocation(manager: EntityManager, locationId: string): Promise<MessageLocation> {
  const [row] = (await manager.query(`SELECT name, time_zone FROM known_location WHERE location_id = $1`, [locationId])) as { name: string; time_zone: string }[];
  return { name: row?.name ?? locationId, timeZone: row?.time_zone ?? 'UTC' };
}
