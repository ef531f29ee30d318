import { ClientContactErased, type ClientContactErasedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { cancelClearanceLetters } from '../clearance-letters/clearance-providers';
import { ContactEntity } from '../contact.entity';
import { WelcomeService } from '../welcome.service';

/**
 * A client's contact details were erased (the tombstone on the private contact topic, ADR 0010):
 * notification deletes its copy. Under the client's lock, like the contact upsert, so a welcome being
 * settled for the client finishes first. Welcomes still waiting for a contact keep waiting: none comes.
 */
@Controller()
export class ClientContactErasedHandler {
  constructor(private readonly welcomes: WelcomeService) {}

  @EventPattern(ClientContactErased.type)
  async handle(@Payload() erased: ClientContactErasedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await this.welcomes.lockClient(ctx.manager, erased.clientId);
    await ctx.manager.delete(ContactEntity, { clientId: erased.clientId });
    await cancelClearanceLetters(ctx.manager, erased.clientId);
  }
}
