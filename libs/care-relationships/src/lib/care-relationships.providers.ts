import type { Provider } from '@nestjs/common';
import { envInt } from '@massage/platform';
import { CARE_RELATIONSHIPS } from '@massage/platform-security';
import { CARE_POLICY, CareRelationshipProjection } from './care-relationship.projection';
import { CareRelationshipsTable } from './care-relationships.table';
import { carePolicyOfDays, DEFAULT_CARE_RETENTION_DAYS } from './care-rule';

export interface CareRelationshipsOptions {
  /** Days a therapist keeps access after the end of an appointment that stands. Default env `CARE_RETENTION_DAYS`, else 30. */
  retentionDays?: number;
}

/**
 * The providers of a service's care projection, for the service module's own `providers` (they need its DataSource
 * and its CLOCK, which tests replace): `CARE_RELATIONSHIPS` for the policy guard, the projection, the policy.
 */
export function careRelationshipProviders(options: CareRelationshipsOptions = {}): Provider[] {
  return [
    { provide: CARE_POLICY, useFactory: () => carePolicyOfDays(options.retentionDays ?? envInt('CARE_RETENTION_DAYS', DEFAULT_CARE_RETENTION_DAYS)) },
    CareRelationshipProjection,
    CareRelationshipsTable,
    { provide: CARE_RELATIONSHIPS, useExisting: CareRelationshipsTable },
  ];
}
