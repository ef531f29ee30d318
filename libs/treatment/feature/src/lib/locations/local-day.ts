import type { EntityManager } from 'typeorm';

/** The location's time zone as scheduling opened it (known locations); UTC for a location treatment has not heard of. */
export async function locationZone(manager: EntityManager, locationId: string): Promise<string> {
  const [row] = (await manager.query(`SELECT time_zone FROM known_location WHERE location_id = $1`, [locationId])) as { time_zone: string }[];
  return row?.time_zone ?? 'UTC';
}

/** The date (`YYYY-MM-DD`) at `now` on a clock in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
