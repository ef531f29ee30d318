import { IntakeCompleted, type IntakeCompletedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WelcomeService } from '../welcome.service';

/**
 * Welcomes a client once their intake is complete, on the channel they chose. When the contact
 * details have not arrived yet (they travel on another topic) the welcome is recorded as awaiting
 * the contact and this event is done: ClientContactRecordedHandler sends it when the contact arrives.
 */
@Controller()
export class IntakeCompletedHandler {
  private readonly logger = new Logger(IntakeCompletedHandler.name);

  constructor(private readonly welcomes: WelcomeService) {}

  @EventPattern(IntakeCompleted.type)
  async handle(@Payload() intake: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    const { manager, envelope } = ctx;
    await this.welcomes.lockClient(manager, intake.clientId);

    // The inbox already skips a redelivered event; the unique trigger also covers a changed consumer
    // group id, and a welcome already completed by the contact path.
    const welcome = await this.welcomes.record(manager, { clientId: intake.clientId, locationId: intake.locationId, envelope });
    if (!welcome) {
      this.logger.warn(`welcome for ${envelope.id} already recorded, not sending again`);
      return;
    }
    await this.welcomes.settle(manager, welcome, await this.welcomes.contactOf(manager, intake.clientId));
  }
}
