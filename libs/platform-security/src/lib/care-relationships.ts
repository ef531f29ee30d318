import type { Actor } from '@massage/security';

/**
 * Token of the provider that tells whether a client is in an actor's care (an appointment with them). A
 * service holding health data provides it from its care projection; without it an `in-care` grant refuses.
 */
export const CARE_RELATIONSHIPS = Symbol('CARE_RELATIONSHIPS');

export interface CareRelationships {
  isInCare(actor: Actor, locationId: string, clientId: string): Promise<boolean>;
}
