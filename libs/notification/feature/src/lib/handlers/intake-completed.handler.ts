import { IntakeCompleted, NotificationSent, type IntakeCompletedV1 } from '@massage/contracts';
import { OutboxWriter, type ReliableEventContext } from '@massage/messaging';
import { chooseChannel, composeWelcomeMessage, welcomeMessageId } from '@massage/notification-domain';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { ContactEntity } from '../contact.entity';
import { DeliveryEntity } from '../delivery.entity';
import { MailSender } from '../mail-sender';

/** The contact event of a client has not reached us yet: throwing makes the transport retry later. */
export class ContactNotKnownYetError extends Error {
  constructor(clientId: string, eventId: string) {
    super(
      `No contact details for client ${clientId} yet (IntakeCompleted ${eventId}); ` +
        'ClientContactRecorded normally arrives first, retrying',
    );
    this.name = 'ContactNotKnownYetError';
  }
}

/** Welcomes a client once their intake is complete, on the channel they chose. */
@Controller()
export class IntakeCompletedHandler {
  private readonly logger = new Logger(IntakeCompletedHandler.name);

  constructor(
    private readonly mail: MailSender,
    private readonly outbox: OutboxWriter,
  ) {}

  @EventPattern(IntakeCompleted.type)
  async handle(@Payload() intake: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    const { manager, envelope } = ctx;
    const contact = await manager.findOneBy(ContactEntity, { clientId: intake.clientId });
    if (!contact) throw new ContactNotKnownYetError(intake.clientId, envelope.id);

    // The inbox already skips a redelivered event; this also covers a changed consumer group id.
    if (await manager.existsBy(DeliveryEntity, { triggeredByEventId: envelope.id, kind: 'welcome' })) {
      this.logger.warn(`welcome for ${envelope.id} already recorded, not sending again`);
      return;
    }

    const base = { id: randomUUID(), clientId: intake.clientId, locationId: intake.locationId, kind: 'welcome' as const };
    const choice = chooseChannel(contact);
    if (choice.decision === 'skip') {
      await manager.insert(DeliveryEntity, {
        ...base,
        channel: choice.channel,
        status: 'skipped',
        skipReason: choice.reason,
        triggeredByEventId: envelope.id,
      });
      this.logger.log(`welcome for client ${intake.clientId} skipped: ${choice.reason}`);
      return;
    }

    // Sent BEFORE this transaction commits, on purpose: committing first and sending afterwards could
    // lose the e-mail for good, whereas sending first can at worst repeat it, when the process dies
    // (or the commit fails) after the SMTP server accepted the message. Then the event is redelivered
    // and the client receives a second copy with the SAME Message-ID (derived from the event id), so
    // mail clients and support can recognise it as a repeat rather than a second welcome. The price:
    // the inbox transaction stays open while the SMTP server answers (bounded by the socket timeouts).
    const message = composeWelcomeMessage({ givenName: contact.givenName, locationId: intake.locationId });
    const sent = await this.mail.send({
      to: { name: choice.recipientName, address: choice.address },
      ...message,
      messageId: welcomeMessageId(envelope.id),
    });
    const sentAt = new Date();

    await manager.insert(DeliveryEntity, {
      ...base,
      channel: 'email',
      status: 'sent',
      triggeredByEventId: envelope.id,
      smtpMessageId: sent.messageId,
      sentAt,
    });
    await this.outbox.enqueue(
      manager,
      NotificationSent,
      {
        notificationId: base.id,
        clientId: base.clientId,
        locationId: base.locationId,
        kind: 'welcome',
        channel: 'email',
        triggeredBy: envelope.id,
        sentAt: sentAt.toISOString(),
      },
      { correlationId: envelope.correlationId, causationId: envelope.id },
    );
  }
}
