import { ACCESS_REFUSAL_RECORDER, settle, type AccessRefusalRecorder, type Actor, type ProtectedRoutePolicy } from '@massage/security';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, Optional, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CARE_RELATIONSHIPS, type CareRelationships } from './care-relationships';
import type { ActorRequest } from './current-actor.decorator';
import { GATEWAY_ASSERTION_HEADER, GatewayAssertionVerifier } from './gateway-assertion';
import { InvalidTokenError } from './jws';
import { decideFor, refusal, requireRoutePolicy, targetClient, targetLocation, targetSession } from './policy-evaluation';
import { SESSION_OWNERSHIP, type SessionOwnership } from './session-ownership';

export const GATEWAY_ASSERTION_VERIFIER = Symbol('GATEWAY_ASSERTION_VERIFIER');

/**
 * A service's global guard (APP_GUARD): identity comes only from the gateway's signed assertion (401 without a
 * valid one), every route must declare a policy (500 otherwise), and the policy decides (403). A refusal is
 * logged and handed to the audit hook when the service provides one.
 */
@Injectable()
export class ServicePolicyGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_ASSERTION_VERIFIER) private readonly verifier: GatewayAssertionVerifier,
    @Optional() @Inject(CARE_RELATIONSHIPS) private readonly care?: CareRelationships,
    @Optional() @Inject(ACCESS_REFUSAL_RECORDER) private readonly refusals?: AccessRefusalRecorder,
    @Optional() @Inject(SESSION_OWNERSHIP) private readonly sessions?: SessionOwnership,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = requireRoutePolicy(this.reflector, context, this.logger);
    if (policy.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const header = request.headers[GATEWAY_ASSERTION_HEADER];
    let actor: Actor;
    try {
      if (typeof header !== 'string' || header === '') throw new InvalidTokenError('A gateway assertion is required.');
      actor = this.verifier.verify(header);
    } catch (error: unknown) {
      if (!(error instanceof InvalidTokenError)) throw error;
      await this.refuse(undefined, policy, request, error.message);
      throw new UnauthorizedException(error.message);
    }
    request.actor = actor;
    let decision = decideFor(actor, policy, request);
    if (decision.effect === 'allow-if') {
      decision = settle(
        decision,
        decision.condition === 'in-care' ? { inCare: await this.inCare(actor, policy, request) } : { ownSession: await this.ownSession(actor, policy, request) },
      );
    }
    if (decision.effect === 'deny') {
      await this.refuse(actor, policy, request, decision.reason);
      throw refusal(decision.reason);
    }
    return true;
  }

  private async inCare(actor: Actor, policy: ProtectedRoutePolicy, request: ActorRequest): Promise<boolean | undefined> {
    const locationId = targetLocation(policy, request);
    const clientId = targetClient(policy, request);
    if (!this.care || !locationId || !clientId) return undefined;
    return this.care.isInCare(actor, locationId, clientId);
  }

  private async ownSession(actor: Actor, policy: ProtectedRoutePolicy, request: ActorRequest): Promise<boolean | undefined> {
    const locationId = targetLocation(policy, request);
    const sessionId = targetSession(policy, request);
    if (!this.sessions || !locationId || !sessionId) return undefined;
    return this.sessions.isOwnSession(actor, locationId, sessionId);
  }

  private async refuse(actor: Actor | undefined, policy: ProtectedRoutePolicy, request: ActorRequest, reason: string): Promise<void> {
    const route = { method: request.method, path: String(request.route?.path ?? request.path), permission: policy.permission, params: { ...(request.params as Record<string, string>) } };
    this.logger.warn(JSON.stringify({ event: 'access.refused', actor, route, reason }));
    await this.refusals?.recordRefusal(actor, route, reason);
  }
}
