import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { CLOCK, type Clock } from '@massage/platform';
import type { WaitlistEntryResponse } from '@massage/scheduling-api';
import { DataSource, type EntityManager } from 'typeorm';
import { allowedWrite } from '../http/audit-entries';
import { notFound, type CommandContext } from '../http/request-context';
import { findEntry, openOfferOf, toEntryResponses, type WaitlistEntryRow, type WaitlistOfferRow } from './waitlist.rows';
import { WaitlistJob } from './waitlist.job';

/** What a change did: `unchanged` answers the entry as it is (a retried request), `freed` means a held slot went back to the queue. */
export type EntryChangeOutcome = 'changed' | 'freed' | 'unchanged';

/**
 * Changes one waitlist entry in a transaction: the entry, then its open offer, locked (the order every waitlist
 * change keeps), the change, its audit row; a slot the change freed is offered to the next client right after
 * the commit (the job is poked, not waited for).
 */
@Injectable()
export class WaitlistEntryChange {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly job: WaitlistJob,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(
    ctx: CommandContext,
    entryId: string,
    operation: string,
    change: (manager: EntityManager, entry: WaitlistEntryRow, offer: WaitlistOfferRow | undefined, now: Date) => Promise<EntryChangeOutcome>,
  ): Promise<WaitlistEntryResponse> {
    const now = this.clock.now();
    const { response, outcome } = await this.dataSource.transaction(async (manager) => {
      const entry = await findEntry(manager, ctx.locationId, entryId, true);
      if (!entry) throw notFound('waitlist-entry');
      const outcome = await change(manager, entry, await openOfferOf(manager, entry.id, true), now);
      if (outcome !== 'unchanged') await this.audit.record(manager, allowedWrite(ctx, operation, 'waitlist-entry', entry.id, entry.client_id));
      const after = await findEntry(manager, ctx.locationId, entryId);
      if (!after) throw new Error(`waitlist entry ${entryId} vanished inside its transaction`);
      const [response] = await toEntryResponses(manager, [after]);
      return { response, outcome };
    });
    if (outcome === 'freed') this.job.poke();
    if (!response) throw new Error('no response for the waitlist entry');
    return response;
  }
}
