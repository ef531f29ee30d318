import { randomUUID } from 'node:crypto';
import { createParamDecorator, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '@massage/contracts';
import { idempotencyKeyFrom, IDEMPOTENCY_KEY_HEADER, ValidationProblem } from '@massage/platform';
import { CurrentActor } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import type { Request } from 'express';

/** Header carrying the correlation id; scheduling copies it onto every event it publishes (a new uuid when absent). */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
const UUID = new RegExp(UUID_PATTERN);

function header(ctx: ExecutionContext, name: string): string | undefined {
  const value = ctx.switchToHttp().getRequest<Request>().headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The location the route acts on (`:locationId`; the policy guard already matched it to the actor); 400 when malformed. */
export const CallerLocation = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const value: unknown = ctx.switchToHttp().getRequest<Request>().params['locationId'];
  if (typeof value !== 'string' || value.length > 64 || !LOCATION_CODE.test(value)) {
    throw new ValidationProblem([{ name: 'locationId', reason: 'must be a location code (lowercase slug, at most 64 characters)' }]);
  }
  return value;
});

/** The request's correlation id (`x-correlation-id`, a uuid: it travels on public topics), or a new one. */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const value = header(ctx, CORRELATION_ID_HEADER);
  if (value === undefined || value === '') return randomUUID();
  if (!UUID.test(value)) throw new ValidationProblem([{ name: CORRELATION_ID_HEADER, reason: `header ${CORRELATION_ID_HEADER} must be a uuid` }]);
  return value.toLowerCase();
});

/** The `Idempotency-Key` of a creating POST; 400 naming the header when missing or malformed. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) => idempotencyKeyFrom(header(ctx, IDEMPOTENCY_KEY_HEADER)));

/** Who is asking: the actor the policy guard verified from the gateway's signed assertion. */
export const RequestActor = CurrentActor;

export type Resource = 'location' | 'room' | 'service' | 'therapist' | 'appointment' | 'client' | 'waitlist-entry';

/** The one 404: the same answer whether the row is missing or belongs to another location. */
export function notFound(what: Resource): NotFoundException {
  return new NotFoundException(`${what} not found`);
}

/** An id from the path: a malformed one cannot name anything, so it answers 404 like a missing one. */
export function idFromPath(value: string, what: Resource): string {
  if (!UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}

/** Who acts, where, in which correlation: what every use case of the service is given. */
export interface CommandContext {
  actor: Actor;
  locationId: string;
  correlationId: string;
}
