import type { Actor } from '@massage/security';

/**
 * Token of the provider that tells whether a session (an appointment) is the actor's own: they give it. A service
 * holding session records provides it; without it an `own-sessions` grant refuses.
 */
export const SESSION_OWNERSHIP = Symbol('SESSION_OWNERSHIP');

export interface SessionOwnership {
  isOwnSession(actor: Actor, locationId: string, sessionId: string): Promise<boolean>;
}
