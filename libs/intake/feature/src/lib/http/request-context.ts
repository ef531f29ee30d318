import { randomUUID } from 'node:crypto';
import { createParamDecorator, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '@massage/contracts';
import { CORRELATION_ID_HEADER, LOCATION_ID_HEADER } from '@massage/intake-api';
import { ValidationProblem } from '@massage/platform';
import type { Request } from 'express';

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
const UUID = new RegExp(UUID_PATTERN);

function header(ctx: ExecutionContext, name: string): string | undefined {
  const value = ctx.switchToHttp().getRequest<Request>().headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads and checks `x-location-id`, the caller's location the gateway vouches for. */
export function locationFromHeader(value: string | undefined): string {
  if (value === undefined || value.length > 64 || !LOCATION_CODE.test(value)) {
    throw new ValidationProblem([{ name: LOCATION_ID_HEADER, reason: `header ${LOCATION_ID_HEADER} must be a location code (lowercase slug, at most 64 characters)` }]);
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

/** The caller's location (`x-location-id`); 400 problem+json when missing or malformed. */
export const CallerLocation = createParamDecorator((_: unknown, ctx: ExecutionContext) => locationFromHeader(header(ctx, LOCATION_ID_HEADER)));

/** The request's correlation id (`x-correlation-id`, or a new uuid). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext) => correlationFromHeader(header(ctx, CORRELATION_ID_HEADER)));

/**
 * An id from the path. A malformed id cannot name anything, so it answers 404 like a missing one
 * (and never reaches the database as a bad uuid).
 */
export function idFromPath(value: string, what: 'client' | 'intake'): string {
  if (!UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}

/** The one 404 of the service: the same answer whether the row is missing or belongs to another location. */
export function notFound(what: 'client' | 'intake'): NotFoundException {
  return new NotFoundException(`${what} not found`);
}
