import { decideFor, InvalidTokenError, refusal, requireRoutePolicy, type ActorRequest } from '@massage/platform-security';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { AuthTokens } from './auth-token';
import { RevocationList } from './revocation-list';

/**
 * Applied to every route (APP_GUARD). Every route must declare its policy (500 otherwise: fail closed). On a
 * protected route it authenticates the bearer token (401: missing, invalid, expired or revoked) and applies the
 * policy's role and location rules (403). Conditions on data (a client in the therapist's care) are left to the
 * owning service, which sees the same actor in the gateway's signed assertion.
 */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  private readonly tokens: AuthTokens;
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly revocations: RevocationList,
  ) {
    this.tokens = new AuthTokens(config.tokens);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const policy = requireRoutePolicy(this.reflector, context, this.logger);
    if (policy.kind === 'public') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<ActorRequest>();
    const token = bearerToken(request.headers.authorization);
    try {
      if (!token) throw new InvalidTokenError('A bearer token is required (Authorization: Bearer <token>).');
      const { actor, jti } = this.tokens.verify(token);
      if (this.revocations.isRevoked(jti)) throw new InvalidTokenError('The bearer token has been revoked.');
      request.actor = actor;
    } catch (error: unknown) {
      if (!(error instanceof InvalidTokenError)) throw error;
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="massage-gateway"');
      throw new UnauthorizedException(error.message);
    }
    const decision = decideFor(request.actor, policy, request);
    if (decision.effect === 'deny') {
      const { subject, role, locationId } = request.actor;
      this.logger.warn(JSON.stringify({ event: 'access.refused', subject, role, locationId, permission: policy.permission, path: request.originalUrl, reason: decision.reason }));
      throw refusal(decision.reason);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
