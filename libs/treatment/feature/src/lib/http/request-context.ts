import { randomUUID } from 'node:crypto';
import { createParamDecorator, InternalServerErrorException, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '@massage/contracts';
import { idempotencyKeyFrom, IDEMPOTENCY_KEY_HEADER, ValidationProblem } from '@massage/platform';
import type { ActorRequest } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CORRELATION_ID_HEADER } from '@massage/treatment-api';

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
const UUID = new RegExp(UUID_PATTERN);

const requestOf = (ctx: ExecutionContext): ActorRequest => ctx.switchToHttp().getRequest<ActorRequest>();
const headerOf = (ctx: ExecutionContext, name: string): string | undefined => {
  const value = requestOf(ctx).headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export type Resource = 'client' | 'plan' | 'note';

/** The one 404: the same answer whether the row is missing or belongs to another location or client. */
export function notFound(what: Resource): NotFoundException {
  return new NotFoundException(`${what} not found`);
}

/** An id from the path: a malformed one cannot name anything, so it answers 404 like a missing one. */
export function idFromPath(value: string, what: Resource): string {
  if (!UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}

/** Who acts, where, in which correlation: what a route that names no client (the therapist's own day) is given. */
export interface LocationContext {
  actor: Actor;
  locationId: string;
  correlationId: string;
}

/** Who acts, where, about which client, in which correlation: what every use case about a client is given. */
export interface CommandContext extends LocationContext {
  clientId: string;
}

/**
 * The verified actor, the location (`:locationId`, which the policy guard matched to the actor) and the correlation
 * id (`x-correlation-id`, a uuid since it travels on a public topic; a new one when absent).
 */
function locationContextOf(ctx: ExecutionContext): LocationContext {
  const { params, actor } = requestOf(ctx);
  if (!actor) throw new InternalServerErrorException('route without a verified actor');
  const locationId = params['locationId'];
  if (typeof locationId !== 'string' || locationId.length > 64 || !LOCATION_CODE.test(locationId)) {
    throw new ValidationProblem([{ name: 'locationId', reason: 'must be a location code (lowercase slug, at most 64 characters)' }]);
  }
  const correlation = headerOf(ctx, CORRELATION_ID_HEADER);
  if (correlation !== undefined && correlation !== '' && !UUID.test(correlation)) {
    throw new ValidationProblem([{ name: CORRELATION_ID_HEADER, reason: `header ${CORRELATION_ID_HEADER} must be a uuid` }]);
  }
  return { actor, locationId, correlationId: correlation ? correlation.toLowerCase() : randomUUID() };
}

/** The context of a route that names no client: actor, location, correlation. */
export const AtLocation = createParamDecorator((_: unknown, ctx: ExecutionContext): LocationContext => locationContextOf(ctx));

/** The route's context: the location's (above) and the client (`:clientId`, 404 when malformed). */
export const Command = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CommandContext => ({ ...locationContextOf(ctx), clientId: idFromPath(String(requestOf(ctx).params['clientId']), 'client') }),
);

/** The `Idempotency-Key` of a creating POST; 400 naming the header when missing or malformed. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) => idempotencyKeyFrom(headerOf(ctx, IDEMPOTENCY_KEY_HEADER)));
