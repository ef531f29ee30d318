import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditLog, type HealthDataRead } from '../audit/audit-log';
import { correlationIdOf } from '../http/correlation-id';
import { relay } from '../http/upstream-relay';
import { IntakeClient } from './intake.client';
import { intakePath, type IntakeRoute } from './intake-routes';

/** Where a caller's request goes in intake: the route, its path parameters, and the location it is made for. */
export interface IntakeTarget {
  route: IntakeRoute;
  params?: Record<string, string>;
  locationId: string;
}

/** What an audited read discloses, and to whom (the location and correlation id are the request's). */
export type AuditedRead = Pick<HealthDataRead, 'caller' | 'action' | 'clientId' | 'intakeId'>;

/**
 * The sequence every intake route runs: forward the request to intake with the caller's location and
 * correlation id, then relay intake's answer. Reads of health data are audit-logged whatever their outcome.
 */
@Injectable()
export class IntakeForwarder {
  constructor(
    private readonly intake: IntakeClient,
    private readonly audit: AuditLog,
  ) {}

  /** Forwards a validated body to intake (POST). */
  async write(target: IntakeTarget, body: unknown, request: Request, response: Response): Promise<void> {
    const upstream = await this.intake.send({ method: 'POST', path: intakePath(target.route, target.params), locationId: target.locationId, correlationId: correlationIdOf(request), body });
    relay(upstream, request, response);
  }

  /** Reads from intake (GET), auditing the read. */
  async read(target: IntakeTarget, read: AuditedRead, request: Request, response: Response): Promise<void> {
    const entry = { ...read, locationId: target.locationId, correlationId: correlationIdOf(request) };
    const upstream = await this.audit.read(entry, () =>
      this.intake.send({ method: 'GET', path: intakePath(target.route, target.params), locationId: target.locationId, correlationId: entry.correlationId }),
    );
    relay(upstream, request, response);
  }
}
