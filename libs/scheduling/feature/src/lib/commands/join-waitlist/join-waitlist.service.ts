import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import type { JoinWaitlistRequest, WaitlistEntryResponse } from '@massage/scheduling-api';
import { localDateOf, validateBookingRequest, validateWaitlistWindow } from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { readEligibility } from '../../eligibility/eligibility.reader';
import { allowedWrite } from '../../http/audit-entries';
import { notFound, type CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { findEntry, toEntryResponse } from '../../waitlist/waitlist.rows';

export interface JoinWaitlistCommand extends CommandContext {
  idempotencyKey: string;
  request: JoinWaitlistRequest;
}

/** Which of the booking request's input rules a waitlist entry is held to (its plan); the start is the slot's, later. */
const PLAN_FIELDS = /^(serviceId|techniques|focusRegions|pressure)/;

/**
 * Puts a client on the location's waitlist for a service (with `Idempotency-Key`): the window of local dates,
 * perhaps one therapist and preferred local start windows, and the plan every booking check will run on when a
 * slot frees (nothing is checked against the client's screening now: it may change before then). One open entry
 * per client and service (409 `already-waiting`); first come, first served.
 */
@Injectable()
export class JoinWaitlistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async join(cmd: JoinWaitlistCommand): Promise<WaitlistEntryResponse> {
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/waitlist', cmd.request) };
    try {
      return await this.idempotency.once(this.dataSource, key, 201, (manager) => this.joinIn(manager, cmd));
    } catch (error: unknown) {
      if ((error as { driverError?: { code?: string; constraint?: string } }).driverError?.constraint === 'waitlist_entry_one_open') {
        throw new SchedulingRefusal(409, 'already-waiting', 'The client is already on this location’s waitlist for this service; leave that entry first to change it.');
      }
      throw error;
    }
  }

  private async joinIn(manager: EntityManager, cmd: JoinWaitlistCommand): Promise<WaitlistEntryResponse> {
    const r = cmd.request;
    const clientId = r.clientId.toLowerCase();
    const serviceId = r.serviceId.toLowerCase();
    const therapistId = r.therapistId?.toLowerCase();
    const calendar = new CalendarReader(manager);
    const location = await calendar.location(cmd.locationId);
    if (!location) throw notFound('location');
    const [service, therapist] = await Promise.all([calendar.service(cmd.locationId, serviceId), therapistId ? calendar.therapist(cmd.locationId, therapistId) : undefined]);
    if (!service) throw new ValidationProblem([{ name: 'serviceId', reason: 'not a service of this location' }]);
    if (therapistId && !therapist) throw new ValidationProblem([{ name: 'therapistId', reason: 'not a therapist of this location' }]);
    const now = this.clock.now();
    const preferredTimes = r.preferredTimes ?? [];
    const violations = [
      ...validateWaitlistWindow({ from: r.from, to: r.to, preferredTimes }, localDateOf(now, location.timeZone)),
      ...validateBookingRequest({ clientId, therapistId: therapistId ?? '', serviceId, start: now, techniques: r.techniques, focusRegions: r.focusRegions, pressure: r.pressure }, { location, service }).filter((v) =>
        PLAN_FIELDS.test(v.field),
      ),
    ];
    if (violations.length > 0) throw new ValidationProblem(violations.map((v) => ({ name: v.field, reason: v.reason })));
    const eligibility = await readEligibility(manager, clientId);
    // A client another location registered is not this location's to put on its waitlist (as a missing client).
    if (eligibility.registeredAt !== undefined && eligibility.registeredAt !== cmd.locationId) throw notFound('client');

    const id = randomUUID();
    await manager.query(
      `INSERT INTO waitlist_entry (id, location_id, client_id, service_id, therapist_id, first_day, last_day, preferred_times, techniques, focus_regions, pressure, requested_at, requested_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $12)`,
      [id, cmd.locationId, clientId, serviceId, therapistId ?? null, r.from, r.to, JSON.stringify(preferredTimes.map(({ from, to }) => ({ from, to }))), r.techniques, r.focusRegions, r.pressure, now, cmd.actor.subject],
    );
    await this.audit.record(manager, allowedWrite(cmd, 'waitlist.join', 'waitlist-entry', id, clientId));
    const row = await findEntry(manager, cmd.locationId, id);
    if (!row) throw new Error(`waitlist entry ${id} not found right after its insert`);
    return toEntryResponse(row, undefined);
  }
}
