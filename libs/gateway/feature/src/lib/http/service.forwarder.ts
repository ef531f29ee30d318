import type { ActorRequest } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { Injectable } from '@nestjs/common';
import { idempotencyKeyFrom, IDEMPOTENCY_KEY_HEADER } from '@massage/platform';
import type { Response } from 'express';
import { AuditLog, type HealthDataRead } from '../audit/audit-log';
import type { UpstreamService } from '../gateway.config';
import { correlationIdOf } from './correlation-id';
import { ServiceClient } from './service.client';
import { relay } from './upstream-relay';

/** Where a caller's request goes: the owning service and the path below its URL (with the target location in it). */
export interface ServiceTarget {
  service: UpstreamService;
  path: string;
  /** The location the request is made for (the route's), for the audit line. */
  locationId: string;
}

/** What an audited read discloses (the actor, location and correlation id are the request's). */
export type AuditedRead = Pick<HealthDataRead, 'action' | 'clientId' | 'intakeId' | 'clearanceId'>;

/**
 * The sequence every forwarding route runs: send the request to the owning service with the verified actor
 * (signed into a per-request assertion) and the correlation id, then relay the answer. Reads are audit-logged
 * whatever their outcome.
 */
@Injectable()
export class ServiceForwarder {
  constructor(
    private readonly services: ServiceClient,
    private readonly audit: AuditLog,
  ) {}

  /** Forwards a validated body (POST, which creates): 400 without an `Idempotency-Key`, which is passed on. */
  async write(target: ServiceTarget, body: unknown, request: ActorRequest, response: Response): Promise<void> {
    const idempotencyKey = idempotencyKeyFrom(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const upstream = await this.services.send(target.service, { method: 'POST', path: target.path, actor: actorOf(request), correlationId: correlationIdOf(request), body, idempotencyKey });
    relay(upstream, request, response);
  }

  /**
   * Forwards a change that creates nothing (PUT or PATCH replacing a state, or a POST naming a transition such as
   * `cancel`): a retry meets the state the first one left, so no `Idempotency-Key` is asked for. The body, if any,
   * is validated already.
   */
  async change(target: ServiceTarget, method: 'POST' | 'PUT' | 'PATCH', body: unknown, request: ActorRequest, response: Response): Promise<void> {
    relay(await this.services.send(target.service, { method, path: target.path, actor: actorOf(request), correlationId: correlationIdOf(request), body }), request, response);
  }

  /** Reads what the service audits durably itself (GET), with no log line of the gateway's. */
  async query(target: ServiceTarget, request: ActorRequest, response: Response): Promise<void> {
    relay(await this.services.send(target.service, { method: 'GET', path: target.path, actor: actorOf(request), correlationId: correlationIdOf(request) }), request, response);
  }

  /** Reads (GET), auditing the read. */
  async read(target: ServiceTarget, read: AuditedRead, request: ActorRequest, response: Response): Promise<void> {
    const actor = actorOf(request);
    const entry = { ...read, actor, locationId: target.locationId, correlationId: correlationIdOf(request) };
    const upstream = await this.audit.read(entry, () => this.services.send(target.service, { method: 'GET', path: target.path, actor, correlationId: entry.correlationId }));
    relay(upstream, request, response);
  }
}

function actorOf(request: ActorRequest): Actor {
  if (!request.actor) throw new Error('forwarding a request the guard did not authenticate');
  return request.actor;
}
