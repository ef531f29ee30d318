import { Injectable } from '@nestjs/common';
import type { WaitlistEntryResponse } from '@massage/scheduling-api';
import type { CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { endUnacceptedOffer } from '../../waitlist/slot-holds';
import { WaitlistEntryChange } from '../../waitlist/waitlist-entry-change';

/**
 * The client leaves the waitlist: a slot held for them is released (`withdrawn`) and offered to the next client.
 * Leaving again answers the entry as it is; a booked entry is refused (`invalid-transition`: cancel the appointment).
 */
@Injectable()
export class LeaveWaitlistService {
  constructor(private readonly change: WaitlistEntryChange) {}

  leave(ctx: CommandContext, entryId: string): Promise<WaitlistEntryResponse> {
    return this.change.apply(ctx, entryId, 'waitlist.leave', async (manager, entry, offer, now) => {
      if (entry.status === 'left') return 'unchanged';
      if (entry.status === 'booked') throw new SchedulingRefusal(409, 'invalid-transition', 'The entry was booked; cancel its appointment instead.');
      if (offer && (await endUnacceptedOffer(manager, offer, 'withdrawn', now))) return 'freed';
      await manager.query(`UPDATE waitlist_entry SET status = 'left', updated_at = $2 WHERE id = $1`, [entry.id, now]);
      return 'changed';
    });
  }
}
