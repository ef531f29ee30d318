import type { HealthAnswers } from '@massage/intake-domain';
import { GATEWAY_ASSERTION_HEADER, type GatewayAssertionSigner } from '@massage/platform-security';
import type { Actor, Role } from '@massage/security';

/*
 * What intake's HTTP specs share: the caller of each role, its signed gateway assertion, a problem+json body and an
 * outbox row as the specs read them, and a health-answer form with nothing to report.
 */

/** The location the specs' callers work at. */
export const HOME = 'downtown-toronto';

/** A problem+json body as the specs read it. */
export interface Problem {
  status: number;
  'invalid-params'?: { name: string; reason: string }[];
}

/** An outbox row as the specs read it. */
export interface OutboxRow {
  type: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
}

/** The caller of a role: HQ anywhere, any other role at `locationId`. */
export const actorOf = (role: Role, locationId = HOME): Actor =>
  role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1@${locationId}`, role, locationId };

/** The headers of a request from `role` at `locationId`, asserted by the gateway's key. */
export const assertionHeaders =
  (signer: GatewayAssertionSigner) =>
  (role: Role, locationId = HOME): Record<string, string> => ({ [GATEWAY_ASSERTION_HEADER]: signer.sign(actorOf(role, locationId), 'intake') });

/** The fields a problem+json body names. */
export const problemFields = (body: unknown): string[] => ((body as Problem)['invalid-params'] ?? []).map((p) => p.name);

/** Form v2 answers with nothing to report (pressure preference P3). */
export const NO_ANSWERS: HealthAnswers = { conditions: [], surgeries: [], fractures: [], devices: [], medications: [], symptomsToday: [], painAreas: [], pressurePreference: 'P3' };
