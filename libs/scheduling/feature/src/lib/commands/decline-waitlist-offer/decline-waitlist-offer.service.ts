import { Injectable } from '@nestjs/common';
import type { WaitlistEntryResponse } from '@massage/scheduling-api';
import type { CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { endUnacceptedOffer } from '../../waitlist/slot-holds';
import { WaitlistEntryChange } from '../../waitlist/waitlist-entry-change';

/**
 * The client declines the slot held for them: the hold is released and the slot offered to the next waiting
 * client; the client keeps waiting for another slot (this one is not offered to them again). Without an open
 * offer: 409 `no-open-offer` (it expired, or was answered).
 */
@Injectable()
export class DeclineWaitlistOfferService {
  constructor(private readonly change: WaitlistEntryChange) {}

  decline(ctx: CommandContext, entryId: string): Promise<WaitlistEntryResponse> {
    return this.change.apply(ctx, entryId, 'waitlist.offer-decline', async (manager, _entry, offer, now) => {
      if (!offer || !(await endUnacceptedOffer(manager, offer, 'declined', now))) throw noOpenOffer();
      return 'freed';
    });
  }
}

/** 409: the entry holds no slot now (never offered, expired, or already answered). */
export function noOpenOffer(): SchedulingRefusal {
  return new SchedulingRefusal(409, 'no-open-offer', 'No slot is held for this waitlist entry now: the offer expired or was answered.');
}
