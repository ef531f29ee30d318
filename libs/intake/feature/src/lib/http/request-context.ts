import { randomUUID } from 'node:crypto';
import { createParamDecorator, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '@massage/contracts';
import { CORRELATION_ID_HEADER } from '@massage/intake-api';
import { CurrentActor } from '@massage/platform-security';
import { idempotencyKeyFrom, IDEMPOTENCY_KEY_HEADER, ValidationProblem } from '@massage/platform';
import type { Actor } from '@massage/security';
import type { Request } from 'express';

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
const UUID = new RegExp(UUID_PATTERN);

function header(ctx: ExecutionContext, name: string): string | undefined {
  const value = ctx.switchToHttp().getRequest<Request>().headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks the location path parameter (the policy guard has already matched it against the verified actor:
 * only hq-admin reaches a location other than its own). Nothing here trusts a header for identity.
 */
export function locationFromPath(value: string | undefined): string {
  if (value === undefined || value.length > 64 || !LOCATION_CODE.test(value)) {
    throw new ValidationProblem([{ name: 'locationId', reason: 'must be a location code (lowercase slug, at most 64 characters)' }]);
  }
  return value;
}

/** Reads `x-correlation-id`, or starts a new correlation (a uuid) when the header is absent. */
export function correlationFromHeader(value: string | undefined): string {
  if (value === undefined || value === '') return randomUUID();
  // It becomes ce_correlationid on public topics: only a uuid, never free text.
  if (!UUID.test(value)) {
    throw new ValidationProblem([{ name: CORRELATION_ID_HEADER, reason: `header ${CORRELATION_ID_HEADER} must be a uuid` }]);
  }
  return value.toLowerCase();
}

/** The location the route acts on (`:locationId`); 400 problem+json when malformed. */
export const CallerLocation = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const value: unknown = ctx.switchToHttp().getRequest<Request>().params['locationId'];
  return locationFromPath(typeof value === 'string' ? value : undefined);
});

/** The request's correlation id (`x-correlation-id`, or a new uuid). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext) => correlationFromHeader(header(ctx, CORRELATION_ID_HEADER)));

/** What a 404 of the service names. */
export type NotFoundThing = 'client' | 'intake' | 'clearance';

/**
 * An id from the path. A malformed id cannot name anything, so it answers 404 like a missing one
 * (and never reaches the database as a bad uuid).
 */
export function idFromPath(value: string, what: NotFoundThing): string {
  if (!UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}

/** The one 404 of the service: the same answer whether the row is missing or belongs to another location. */
export function notFound(what: NotFoundThing): NotFoundException {
  return new NotFoundException(`${what} not found`);
}

/** Who reads, for which location, in which correlation: what an audited read records. */
export interface ReadContext {
  actor: Actor;
  locationId: string;
  correlationId: string;
}

/** Who is asking: the actor the policy guard verified from the gateway's signed assertion (`request.actor`). */
export const RequestActor = CurrentActor;

/** The `Idempotency-Key` of a creating POST; 400 problem+json naming the header when missing or malformed. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) => idempotencyKeyFrom(header(ctx, IDEMPOTENCY_KEY_HEADER)));
