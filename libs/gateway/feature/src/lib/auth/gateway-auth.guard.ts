import { HealthController } from '@massage/platform';
import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { AuthTokens, InvalidTokenError, mayAccessLocation } from './auth-token';
import type { AuthenticatedRequest } from './current-caller.decorator';
import { IS_PUBLIC } from './public.decorator';

/**
 * Applied to every route (APP_GUARD). Authenticates the bearer token (401 otherwise) and, on a
 * location-scoped route (`:locationId` in the path), lets through only a caller of that location
 * or an admin (403 otherwise). /health is public; /docs is served outside Nest's router.
 */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  private readonly tokens: AuthTokens;
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.tokens = new AuthTokens(config.authTokenSecret);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic || context.getClass() === HealthController) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    try {
      if (!token) throw new InvalidTokenError('A bearer token is required (Authorization: Bearer <token>).');
      request.caller = this.tokens.verify(token);
    } catch (error: unknown) {
      if (!(error instanceof InvalidTokenError)) throw error;
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="massage-gateway"');
      throw new UnauthorizedException(error.message);
    }

    const locationId = request.params?.['locationId'];
    if (typeof locationId === 'string' && !mayAccessLocation(request.caller, locationId)) {
      const { sub, loc, role } = request.caller;
      this.logger.warn(JSON.stringify({ event: 'location.denied', sub, role, loc, requestedLocation: locationId, path: request.originalUrl }));
      throw new ForbiddenException('This token does not give access to that location.');
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
