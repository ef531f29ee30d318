import type { ClearanceRequestedV1, LicenceExpiringV1, SessionLoggedV1, WaitlistSlotOfferedV1 } from '@massage/contracts';
import type { EventEnvelope } from '@massage/messaging';
import {
  afterQuietHours,
  DEFAULT_NOTIFICATION_SETTINGS,
  eventMessageKey,
  eventMessageSubject,
  type EventMessageKind,
  type NotificationChannel,
} from '@massage/notification-domain';
import { afterCareAdvice } from '@massage/notification-templates';
import { CLOCK, type Clock } from '@massage/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { knownTimeZone, noteDueAt } from '../appointments/scheduled-message.due';
import { configuredManagers } from './event-message-composer';

/** E-mail until the SMS channel joins these kinds (the row names its channel). */
const CHANNEL: NotificationChannel = 'email';

type Trigger = Pick<EventEnvelope<unknown>, 'id' | 'correlationId'>;

/** One event message to write: what it is about, for whom, when, and the ids, codes and instants it shows. */
interface EventMessage {
  kind: EventMessageKind;
  subject: string;
  clientId: string | null;
  locationId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Turns the events that each call for one message into `scheduled_message` rows (in the caller's inbox
 * transaction), which the appointment messages' worker sends: after-care once a session is signed (at once, unless
 * in the location's quiet hours), the clearance letter and a waitlist offer at once, a licence-expiry notice to each of the therapist's
 * locations' managers. One row per subject, kind and channel: a redelivery or a second copy of the event writes
 * nothing.
 */
@Injectable()
export class EventMessagesService {
  private readonly logger = new Logger(EventMessagesService.name);

  constructor(@Inject(CLOCK) private readonly clock: Clock) {
    // A malformed manager setting fails the start, not a notice months later.
    configuredManagers();
  }

  /** Advice codes chosen by the techniques and regions worked; nothing of the note. */
  async sessionLogged(manager: EntityManager, e: SessionLoggedV1, trigger: Trigger): Promise<void> {
    const timeZone = await knownTimeZone(manager, e.locationId, 'place its after-care');
    const dueAt = afterQuietHours(this.clock.now(), timeZone, DEFAULT_NOTIFICATION_SETTINGS.quietHours);
    const advice = afterCareAdvice(e.work.map(({ technique, region }) => ({ technique, region })));
    await this.write(manager, { kind: 'after-care', subject: eventMessageSubject([e.noteId]), clientId: e.clientId, locationId: e.locationId, dueAt, payload: { advice } }, trigger);
  }

  /** The letter to the provider asked: its rules' codes here, the provider and the client's name at send time. */
  async clearanceRequested(manager: EntityManager, e: ClearanceRequestedV1, trigger: Trigger): Promise<void> {
    await this.write(
      manager,
      {
        kind: 'clearance-request',
        subject: eventMessageSubject([e.clearanceId]),
        clientId: e.clientId,
        locationId: e.locationId,
        dueAt: this.clock.now(),
        payload: { clearanceId: e.clearanceId, rules: e.rules },
      },
      trigger,
    );
  }

  /** Sent at once, whatever the hour: the hold runs out at `expiresAt`. */
  async waitlistSlotOffered(manager: EntityManager, e: WaitlistSlotOfferedV1, trigger: Trigger): Promise<void> {
    await this.write(
      manager,
      {
        kind: 'waitlist-offer',
        subject: eventMessageSubject([e.offerId]),
        clientId: e.clientId,
        locationId: e.locationId,
        dueAt: this.clock.now(),
        payload: { offerId: e.offerId, startsAt: e.startsAt, expiresAt: e.expiresAt },
      },
      trigger,
    );
  }

  /** One notice per location the therapist works at (its manager), once per therapist, jurisdiction and expiry. */
  async licenceExpiring(manager: EntityManager, e: LicenceExpiringV1, trigger: Trigger): Promise<void> {
    for (const locationId of e.locationIds) {
      await this.write(
        manager,
        {
          kind: 'licence-expiring',
          subject: eventMessageSubject([e.therapistId, e.jurisdiction, e.expiresOn, locationId]),
          clientId: null,
          locationId,
          dueAt: this.clock.now(),
          payload: { therapistId: e.therapistId, jurisdiction: e.jurisdiction, expiresOn: e.expiresOn },
        },
        trigger,
      );
    }
  }

  private async write(manager: EntityManager, m: EventMessage, trigger: Trigger): Promise<void> {
    const rows = (await manager.query(
      `INSERT INTO scheduled_message (id, subject_key, client_id, location_id, kind, channel, due_at, status, message_key, triggered_by_event_id, correlation_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $9, $10, $11)
       ON CONFLICT ON CONSTRAINT scheduled_message_subject_kind_channel_key DO NOTHING
       RETURNING id`,
      [randomUUID(), m.subject, m.clientId, m.locationId, m.kind, CHANNEL, m.dueAt, eventMessageKey(m.kind, CHANNEL, m.subject), trigger.id, trigger.correlationId, JSON.stringify(m.payload)],
    )) as unknown[];
    if (rows.length === 0) {
      this.logger.log(`${m.kind} ${m.subject} (${CHANNEL}) already written: event ${trigger.id} changes nothing`);
      return;
    }
    noteDueAt(manager, m.dueAt);
  }
}
