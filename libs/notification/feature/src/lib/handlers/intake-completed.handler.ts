import { IntakeCompleted, IntakeCompletedV2Event, type IntakeCompletedV1, type IntakeCompletedV2 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WelcomeService } from '../welcome.service';

/**
 * Welcomes a client after their first completed intake, once per client ever, on the channel they chose.
 * When the contact details have not arrived yet (they travel on another topic) the welcome is recorded as
 * awaiting the contact and this event is done: ClientContactRecordedHandler sends it when the contact arrives.
 *
 * Intake publishes v2 and, until v1 is retired, v1 of every intake (ADR 0011). Both are handled, the same
 * way: the first of the pair welcomes, the other finds the client welcomed; v1 alone (published before
 * intake moved to v2) still welcomes.
 */
@Controller()
export class IntakeCompletedHandler {
  private readonly logger = new Logger(IntakeCompletedHandler.name);

  constructor(private readonly welcomes: WelcomeService) {}

  @EventPattern(IntakeCompletedV2Event.type)
  handle(@Payload() intake: IntakeCompletedV2, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.welcome(intake, ctx);
  }

  /** Deprecated event; remove with v1. */
  @EventPattern(IntakeCompleted.type)
  handleV1(@Payload() intake: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.welcome(intake, ctx);
  }

  private async welcome(intake: { clientId: string; locationId: string }, { manager, envelope }: ReliableEventContext): Promise<void> {
    await this.welcomes.lockClient(manager, intake.clientId);
    // The inbox already skips a redelivered event; `client_welcome` skips every later intake of the client
    // (and the other version of this one), whichever consumer group handles it.
    const welcome = await this.welcomes.record(manager, { clientId: intake.clientId, locationId: intake.locationId, envelope });
    if (!welcome) {
      this.logger.log(`client ${intake.clientId} already welcomed; nothing to send for ${envelope.id}`);
      return;
    }
    await this.welcomes.settle(manager, welcome, await this.welcomes.contactOf(manager, intake.clientId));
  }
}
