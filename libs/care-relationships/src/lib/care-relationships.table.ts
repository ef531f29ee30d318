import { Inject, Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '@massage/contracts';
import { CLOCK, type Clock } from '@massage/platform';
import type { CareRelationships } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';

const UUID = new RegExp(UUID_PATTERN);

/**
 * In-care checks (the policy guard's `in-care` grants) against the service's `care_relationship` projection: a
 * relationship at that location that holds now. "Now" is the service's Clock, not the database's, so tests move it.
 * The guard asks before any pipe has checked the path, so a malformed client id is "not in care" (a 403), not a
 * uuid cast failing in SQL (a 500).
 */
@Injectable()
export class CareRelationshipsTable implements CareRelationships {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async isInCare(actor: Actor, locationId: string, clientId: string): Promise<boolean> {
    if (!UUID.test(clientId)) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "care_relationship"
        WHERE "therapist_subject" = $1 AND "client_id" = $2 AND "location_id" = $3 AND "since" <= $4 AND ("until" IS NULL OR "until" > $4)
        LIMIT 1`,
      [actor.subject, clientId, locationId, this.clock.now()],
    );
    return rows.length > 0;
  }
}
