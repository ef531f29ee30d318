import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { CLOCK, type Clock } from '@massage/platform';
import type { AppointmentResponse, BookAppointmentRequest } from '@massage/scheduling-api';
import { isOfferExpired } from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { toBookingRequest } from '../../appointments/booking-context';
import { auditingRefusals } from '../../appointments/refusal-audit';
import { withDeadlockRetry } from '../../appointments/slot-conflict';
import { notFound, type CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { findEntry, openOfferOf } from '../../waitlist/waitlist.rows';
import { BookAppointmentService } from '../book-appointment/book-appointment.service';
import { noOpenOffer } from '../decline-waitlist-offer/decline-waitlist-offer.service';

export interface AcceptWaitlistOfferCommand extends CommandContext {
  entryId: string;
  idempotencyKey: string;
}

/**
 * The client takes the slot held for them (with `Idempotency-Key`): the booking of that slot with the entry's
 * plan, every check run again (the screening may have changed since the offer), in the held room. The hold gives
 * way to the appointment in the same transaction (same id), so nobody can take the slot in between; the offer
 * is accepted, the entry booked, AppointmentBooked published. No open offer: 409 `no-open-offer`; one whose hold
 * has expired: 409 `offer-expired`; a check that now fails: its rule (the hold stays until it expires or is declined).
 */
@Injectable()
export class AcceptWaitlistOfferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly booking: BookAppointmentService,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  accept(cmd: AcceptWaitlistOfferCommand): Promise<AppointmentResponse> {
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', `/waitlist/${cmd.entryId}/offer/accept`, {}) };
    const refused = { actor: cmd.actor, operation: 'waitlist.offer-accept', resourceType: 'waitlist-entry', resourceId: cmd.entryId, locationId: cmd.locationId, correlationId: cmd.correlationId };
    return auditingRefusals(this.audit, refused, () => withDeadlockRetry(() => this.idempotency.once(this.dataSource, key, 201, (manager) => this.acceptIn(manager, cmd))));
  }

  private async acceptIn(manager: EntityManager, cmd: AcceptWaitlistOfferCommand): Promise<AppointmentResponse> {
    const entry = await findEntry(manager, cmd.locationId, cmd.entryId);
    if (!entry) throw notFound('waitlist-entry');
    const offer = await openOfferOf(manager, entry.id);
    if (!offer) throw noOpenOffer();
    if (isOfferExpired({ expiresAt: offer.expires_at }, this.clock.now())) {
      throw new SchedulingRefusal(409, 'offer-expired', 'The slot was held until the offer expired; it is being offered to the next waiting client.');
    }
    const booking: BookAppointmentRequest = {
      clientId: entry.client_id,
      therapistId: offer.therapist_id,
      serviceId: offer.service_id,
      roomId: offer.room_id,
      startsAt: offer.starts_at.toISOString(),
      techniques: entry.techniques,
      focusRegions: entry.focus_regions,
      pressure: entry.pressure,
    };
    // The booking takes its locks, then the entry's and the offer's (claimOwnHold): the order every waitlist change keeps.
    const appointment = await this.booking.bookIn(manager, { ...cmd, booking }, toBookingRequest(booking, booking.startsAt));
    // Booked but not under the hold (it ended while this transaction waited): the offer was not this booking's to accept.
    if (appointment.id !== offer.id) throw noOpenOffer();
    return appointment;
  }
}
