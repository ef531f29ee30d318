import {
  ClearanceRequested,
  LicenceExpiring,
  SessionLogged,
  WaitlistSlotOffered,
  type ClearanceRequestedV1,
  type LicenceExpiringV1,
  type SessionLoggedV1,
  type WaitlistSlotOfferedV1,
} from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventMessagesService } from './event-messages.service';

/**
 * The events that each call for one message, applied once through the inbox in its transaction: a signed session
 * (after-care), a clearance request (the letter to the provider), a waitlist offer, a licence reaching its notice
 * window (its locations' managers).
 */
@Controller()
export class EventMessagesHandler {
  constructor(private readonly messages: EventMessagesService) {}

  @EventPattern(SessionLogged.type)
  sessionLogged(@Payload() e: SessionLoggedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.sessionLogged(ctx.manager, e, ctx.envelope);
  }

  @EventPattern(ClearanceRequested.type)
  clearanceRequested(@Payload() e: ClearanceRequestedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.clearanceRequested(ctx.manager, e, ctx.envelope);
  }

  @EventPattern(WaitlistSlotOffered.type)
  waitlistSlotOffered(@Payload() e: WaitlistSlotOfferedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.waitlistSlotOffered(ctx.manager, e, ctx.envelope);
  }

  @EventPattern(LicenceExpiring.type)
  licenceExpiring(@Payload() e: LicenceExpiringV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.licenceExpiring(ctx.manager, e, ctx.envelope);
  }
}
