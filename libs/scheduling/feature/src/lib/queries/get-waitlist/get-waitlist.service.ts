import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { WaitlistEntryResponse, WaitlistResponse } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { notFound, type CommandContext } from '../../http/request-context';
import { findEntry, openEntries, toEntryResponses } from '../../waitlist/waitlist.rows';

/**
 * The location's waitlist, and one entry: each names a client and a plan chosen for their health (techniques,
 * regions, pressure), so every read is audited before answering; another location's entry is "not found", and an
 * unknown location is (before any audit: nothing was read).
 */
@Injectable()
export class GetWaitlistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(ctx: CommandContext): Promise<WaitlistResponse> {
    // An unknown code is 404 like every location route, not an empty list that reads as "nobody waiting".
    const [location] = (await this.dataSource.query(`SELECT 1 FROM location WHERE id = $1`, [ctx.locationId])) as unknown[];
    if (!location) throw notFound('location');
    const rows = await openEntries(this.dataSource.manager, ctx.locationId);
    await this.audit.recordNow({
      actor: ctx.actor,
      action: 'read',
      operation: 'waitlist.list',
      resourceType: 'waitlist',
      resourceId: ctx.locationId,
      locationId: ctx.locationId,
      outcome: 'allowed',
      correlationId: ctx.correlationId,
    });
    return { locationId: ctx.locationId, entries: await toEntryResponses(this.dataSource.manager, rows) };
  }

  async get(ctx: CommandContext, entryId: string): Promise<WaitlistEntryResponse> {
    const row = await findEntry(this.dataSource.manager, ctx.locationId, entryId);
    await this.audit.recordNow({
      actor: ctx.actor,
      action: 'read',
      operation: 'waitlist.read',
      resourceType: 'waitlist-entry',
      resourceId: entryId,
      ...(row ? { clientId: row.client_id, outcome: 'allowed' } : { outcome: 'refused', reason: 'not-found' }),
      locationId: ctx.locationId,
      correlationId: ctx.correlationId,
    });
    if (!row) throw notFound('waitlist-entry');
    const [response] = await toEntryResponses(this.dataSource.manager, [row]);
    if (!response) throw new Error(`no response for waitlist entry ${entryId}`);
    return response;
  }
}
