import { Injectable, type Provider } from '@nestjs/common';
import { CARE_RELATIONSHIPS, type CareRelationships } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';

/** In-care checks against intake's `care_relationship` projection: a current relationship at that location. */
@Injectable()
export class CareRelationshipsTable implements CareRelationships {
  constructor(private readonly dataSource: DataSource) {}

  async isInCare(actor: Actor, locationId: string, clientId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "care_relationship"
        WHERE "therapist_subject" = $1 AND "client_id" = $2 AND "location_id" = $3 AND ("until" IS NULL OR "until" > now())
        LIMIT 1`,
      [actor.subject, clientId, locationId],
    );
    return rows.length > 0;
  }
}

export const careRelationshipsProvider: Provider = { provide: CARE_RELATIONSHIPS, useClass: CareRelationshipsTable };
