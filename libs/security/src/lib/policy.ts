import { ANY_LOCATION, isRole, type Actor } from './actor';
import { isPermission, scopeOf, type Permission } from './permissions';

/** What a request is about, as far as the route lets us know before touching data. */
export interface PolicyTarget {
  /** The location the route acts on; undefined when the route names none. */
  locationId: string | undefined;
}

/** Facts only the owning service can establish (it holds the care relationships and sessions). */
export interface PolicyFacts {
  /** The client is in the actor's care (an appointment with them). */
  inCare?: boolean;
  /** The session is the actor's own. */
  ownSession?: boolean;
}

export type Decision =
  | { effect: 'allow' }
  | { effect: 'deny'; reason: string }
  /** Allowed only if the owning service establishes the fact. */
  | { effect: 'allow-if'; condition: 'in-care' | 'own-session' };

export const deny = (reason: string): Decision => ({ effect: 'deny', reason });

/**
 * The first half of a decision: role and location. Pure, so the gateway (which has no data) and the services
 * decide the same way; a condition on data (`allow-if`) is settled by the service with `settle`.
 */
export function decide(actor: Actor, permission: Permission, target: PolicyTarget): Decision {
  if (!isPermission(permission)) return deny(`unknown permission ${String(permission)}`);
  const scope = scopeOf(actor.role, permission);
  if (!scope) return deny(`role ${actor.role} has no ${permission} permission`);
  if (scope === 'any-location') return { effect: 'allow' };
  // Every narrower scope is bound to the actor's own location; a route that names none cannot satisfy it.
  if (target.locationId === undefined) return deny(`${permission} needs a location and the route names none`);
  if (!isRole(actor.role) || actor.locationId === ANY_LOCATION || actor.locationId !== target.locationId) {
    return deny(`location ${target.locationId} is not the actor's (${actor.locationId})`);
  }
  if (scope === 'own-location') return { effect: 'allow' };
  return { effect: 'allow-if', condition: scope === 'in-care' ? 'in-care' : 'own-session' };
}

/** Settles a decision with the facts the service established; an unknown fact refuses (fail closed). */
export function settle(decision: Decision, facts: PolicyFacts): Decision {
  if (decision.effect !== 'allow-if') return decision;
  if (decision.condition === 'in-care') return facts.inCare === true ? { effect: 'allow' } : deny('the client is not in the actor’s care');
  return facts.ownSession === true ? { effect: 'allow' } : deny('the session is not the actor’s own');
}
