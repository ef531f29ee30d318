import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail, type AuditEntry } from '@massage/audit';
import { AppointmentBooked } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { OutboxWriter } from '@massage/messaging';
import type { AppointmentResponse, BookAppointmentRequest } from '@massage/scheduling-api';
import { checkBooking, type BookingRequest } from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { APPOINTMENT_COLUMNS, appointmentEventBase, toAppointmentResponse, type AppointmentRow } from '../../appointments/appointment.row';
import { lockBookingResources } from '../../appointments/booking-locks';
import { loadBookingContext, throwIfPast, toBookingRequest } from '../../appointments/booking-context';
import { auditingRefusals } from '../../appointments/refusal-audit';
import { withDeadlockRetry } from '../../appointments/slot-conflict';
import type { CommandContext } from '../../http/request-context';
import { bookingRefused } from '../../http/scheduling-refusal';
import { CLOCK, type Clock } from '@massage/platform';
import { claimOwnHold, recordOfferAccepted, type HoldCandidate } from '../../waitlist/slot-holds';
import type { WaitlistOfferRow } from '../../waitlist/waitlist.rows';

export interface BookAppointmentCommand extends CommandContext {
  idempotencyKey: string;
  booking: BookAppointmentRequest;
}

/**
 * Books an appointment in one transaction: claims the Idempotency-Key, loads the calendar and the client's
 * eligibility, runs the domain's `checkBooking` (licence, certifications, screening and clearances, hours,
 * room, free therapist/room/client), inserts the row under the exclusion constraints, enqueues
 * AppointmentBooked and appends the audit row. A refusal rolls everything back and is audited on its own.
 * Bookings of the same therapist, client or named room queue on advisory locks, so the later one's check sees
 * the earlier one; a race they do not cover surfaces as the exclusion violation (`slot-taken`) or as a deadlock
 * between two inserts, which runs the booking again.
 */
@Injectable()
export class BookAppointmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async book(cmd: BookAppointmentCommand): Promise<AppointmentResponse> {
    const request = toBookingRequest(cmd.booking, cmd.booking.startsAt);
    throwIfPast(request.start, this.clock.now());
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/appointments', cmd.booking) };
    const refused = { actor: cmd.actor, operation: 'appointment.book', resourceType: 'appointment', clientId: request.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId };
    return auditingRefusals(this.audit, refused, () => withDeadlockRetry(() => this.idempotency.once(this.dataSource, key, 201, (manager) => this.bookIn(manager, cmd, request))));
  }

  /**
   * The booking inside the caller's transaction (a series books each session with it; accepting a waitlist
   * offer is this booking of the held slot). When the client books the very slot a waitlist offer holds for
   * them, the hold gives way to the booking, which keeps its id and accepts the offer.
   */
  async bookIn(manager: EntityManager, cmd: BookAppointmentCommand, request: BookingRequest): Promise<AppointmentResponse> {
    await lockBookingResources(manager, request);
    let held: WaitlistOfferRow | undefined;
    const take = async (candidate: HoldCandidate | undefined) => void (held = await claimOwnHold(manager, candidate, this.clock.now()));
    const { context } = await loadBookingContext(manager, cmd.locationId, request, { now: this.clock.now(), take });
    const decision = checkBooking(request, context);
    if (!decision.ok) throw bookingRefused(decision.refusals);

    const id = held?.id ?? randomUUID();
    const now = this.clock.now();
    const booked = {
      ...appointmentEventBase({ id, location_id: cmd.locationId, client_id: request.clientId, therapist_id: request.therapistId }),
      roomId: decision.roomId,
      serviceId: request.serviceId,
      startsAt: decision.span.start.toISOString(),
      endsAt: decision.span.end.toISOString(),
      techniques: request.techniques,
      focusRegions: request.focusRegions,
      pressure: request.pressure,
      bookedAt: now.toISOString(),
    };
    // The row and its AppointmentBooked outbox row in one statement (the event carries what the row holds).
    const values = [
      id,
      cmd.locationId,
      request.clientId,
      request.therapistId,
      decision.roomId,
      request.serviceId,
      decision.span.start,
      decision.span.end,
      decision.span.blockedUntil,
      request.techniques,
      request.focusRegions,
      request.pressure,
      now,
      cmd.actor.subject,
    ];
    // The row, its AppointmentBooked outbox row and its audit row in one statement (the event carries what the row holds).
    const outbox = this.outbox.prepare(manager, AppointmentBooked, booked, { correlationId: cmd.correlationId }, values.length + 1);
    const audit = this.audit.prepare(bookedAudit(cmd, id, request.clientId), values.length + outbox.params.length + 1);
    const [row] = (await manager.query(
      `WITH "booked" AS (
         INSERT INTO appointment (id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, booked_at, booked_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13) RETURNING ${APPOINTMENT_COLUMNS}
       ), ${outbox.cte}, ${audit.ctes}
       SELECT ${BOOKED_COLUMNS}, ${outbox.notify} FROM "booked", "outbox_row", "audit_queue_row"`,
      [...values, ...outbox.params, ...audit.params],
    )) as AppointmentRow[];
    if (!row) throw new Error(`appointment ${id} not returned by its insert`);
    if (held) await recordOfferAccepted(manager, held, id, now);
    return toAppointmentResponse(row);
  }
}

/** The new row's columns, named (not `"booked".*`) so the statement can be prepared (ADR 0026). */
const BOOKED_COLUMNS = APPOINTMENT_COLUMNS.split(',')
  .map((column) => `"booked".${column.trim()}`)
  .join(', ');

/** The audit row of a booking that was made. */
function bookedAudit(cmd: BookAppointmentCommand, appointmentId: string, clientId: string): AuditEntry {
  return {
    actor: cmd.actor,
    action: 'write',
    operation: 'appointment.book',
    resourceType: 'appointment',
    resourceId: appointmentId,
    clientId,
    locationId: cmd.locationId,
    outcome: 'allowed',
    correlationId: cmd.correlationId,
  };
}
