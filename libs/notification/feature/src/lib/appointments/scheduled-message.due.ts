import type { EntityManager } from 'typeorm';

/** The key under which a handler's transaction carries the earliest due instant it wrote (read after its commit). */
export const DUE_AT_KEY = 'notification.scheduledMessageDueAt';

/** Remembers on the transaction the earliest due instant written, for the worker's poke after the commit. */
export function noteDueAt(manager: EntityManager, dueAt: Date): void {
  const data = manager.queryRunner?.data as Record<string, unknown> | undefined;
  if (!data) return;
  const held = data[DUE_AT_KEY] as Date | undefined;
  if (!held || dueAt < held) data[DUE_AT_KEY] = dueAt;
}

/**
 * A location's zone (from the compacted locations topic). Thrown when unknown: the event is retried, then
 * dead-lettered. `purpose` says what needed it, for that error.
 */
export async function knownTimeZone(manager: EntityManager, locationId: string, purpose: string): Promise<string> {
  const rows = (await manager.query(`SELECT time_zone FROM known_location WHERE location_id = $1`, [locationId])) as { time_zone: string }[];
  if (rows.length === 0) throw new Error(`location ${locationId} is not known yet (scheduling.locations.v1): cannot ${purpose}`);
  return rows[0].time_zone;
}
