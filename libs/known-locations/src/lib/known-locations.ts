import { Injectable } from '@nestjs/common';
import type { LocationOpenedV1 } from '@massage/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource, an EntityManager (a transaction's), a pg Client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Records a location's state as of `asOf` (its opening, or its latest update): an older state (a replay, a late
 * duplicate) never replaces a newer one. The projection's one write, shared by the handler and test set-ups.
 */
export async function recordKnownLocation(db: Queryable | EntityManager, location: LocationOpenedV1, asOf: string = location.openedAt): Promise<void> {
  await db.query(
    `INSERT INTO known_location (location_id, name, time_zone, jurisdiction, opened_at, as_of) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, jurisdiction = EXCLUDED.jurisdiction,
       opened_at = EXCLUDED.opened_at, as_of = EXCLUDED.as_of
     WHERE known_location.as_of <= EXCLUDED.as_of`,
    [location.locationId, location.name, location.timeZone, location.jurisdiction, location.openedAt, asOf],
  );
}

/** Whether scheduling has opened a location with this code (as far as this service has heard). */
@Injectable()
export class KnownLocations {
  constructor(private readonly dataSource: DataSource) {}

  async isKnown(locationId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM known_location WHERE location_id = $1`, [locationId])) as unknown[];
    return rows.length > 0;
  }
}
