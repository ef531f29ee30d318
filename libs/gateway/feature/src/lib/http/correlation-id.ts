import { randomUUID } from 'node:crypto';
import { UUID_PATTERN } from '@massage/contracts';
import { CORRELATION_ID_HEADER } from '@massage/intake-api';
import { Catch, Injectable, type ArgumentsHost, type NestMiddleware } from '@nestjs/common';
import { ProblemDetailsFilter } from '@massage/platform';
import type { NextFunction, Request, Response } from 'express';

/**
 * A caller-supplied id is kept only when it is a uuid: it travels on public event streams as
 * `ce_correlationid`, where a free-form value could carry a name or a diagnosis (DOMAIN.md, Privacy).
 */
const ACCEPTABLE_ID = new RegExp(UUID_PATTERN);

/** The request's correlation id: the caller's `x-correlation-id` if acceptable, else a new uuid; echoed on the response. */
export function ensureCorrelationId(request: Request, response: Response): string {
  const given = request.headers[CORRELATION_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given.toLowerCase() : randomUUID();
  request.headers[CORRELATION_ID_HEADER] = id;
  if (!response.headersSent) response.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/** Gives every routed request a correlation id, forwarded to the services and returned to the caller. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    ensureCorrelationId(request, response);
    next();
  }
}

/**
 * The platform's problem+json filter, plus the correlation id on errors raised before routing
 * (malformed JSON, oversized body), which the middleware never saw.
 */
@Catch()
export class CorrelatedProblemDetailsFilter extends ProblemDetailsFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http') ensureCorrelationId(host.switchToHttp().getRequest<Request>(), host.switchToHttp().getResponse<Response>());
    super.catch(error, host);
  }
}

/** The correlation id the middleware gave this request. */
export function correlationIdOf(request: Request): string {
  const id = request.headers[CORRELATION_ID_HEADER];
  return typeof id === 'string' ? id : randomUUID();
}
