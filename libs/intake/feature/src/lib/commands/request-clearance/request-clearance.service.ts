import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { ClearanceRequested, ClientContactRecorded } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import type { ClearanceResponse, RequestClearanceRequest } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClearanceEntity } from '../../clearances/clearance.entity';
import { contactWithClearanceProviders } from '../../clearances/clearance-provider-contacts';
import { clearanceRuleViolations } from '@massage/intake-screening';
import { lockClient } from '../../clearances/clearance.locks';
import { toClearanceRequested, toClearanceResponse } from '../../clearances/clearance.views';
import { throwIfViolated } from '../../http/rule-violations';
import { RuleTableVersions } from '../../rule-tables/rule-table-versions';
import { NoRuleTableInEffectError } from '../../screening/screening-recorder';

export interface RequestClearanceCommand {
  locationId: string;
  clientId: string;
  correlationId: string;
  actor: Actor;
  idempotencyKey: string;
  request: RequestClearanceRequest;
}

/**
 * Asks a client's physician for a clearance: the request row (provider and contact stay here), ClearanceRequested
 * (ids and codes: notification will send the letter), the client's private contact record again with the providers
 * who have an e-mail address (ClientContactRecorded, the private topic), the audit row and the idempotency key's
 * response, in one transaction. The rules must be CLEARANCE rules of the table in effect (400 naming `rules.<i>`); a request
 * clears nothing, so the client is not screened again.
 */
@Injectable()
export class RequestClearanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    private readonly tables: RuleTableVersions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async request(cmd: RequestClearanceCommand): Promise<ClearanceResponse> {
    const now = this.clock.now();
    const audited = { actor: cmd.actor, action: 'write', operation: 'clearance.request', clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/clearances`;
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, cmd.request) };
    const requested = this.idempotency.once(this.dataSource, key, 201, async (manager) => {
      await lockClient(manager, cmd.locationId, cmd.clientId);
      const table = await this.tables.inEffect(manager, now);
      if (!table) throw new NoRuleTableInEffectError(now);
      throwIfViolated(clearanceRuleViolations(cmd.request.rules, table));

      const row = new ClearanceEntity();
      Object.assign(row, {
        id: randomUUID(),
        clientId: cmd.clientId,
        locationId: cmd.locationId,
        rules: [...cmd.request.rules],
        status: 'requested',
        providerName: cmd.request.providerName.trim(),
        providerContact: cmd.request.providerContact?.trim() || null,
        requestedTechniques: cmd.request.techniques ?? null,
        requestedSites: cmd.request.sites ?? null,
        requestedMaxPressure: cmd.request.maxPressure ?? null,
        requestedAt: now,
        requestedBy: cmd.actor.subject,
      } satisfies Partial<ClearanceEntity>);
      await manager.insert(ClearanceEntity, row);
      const stored = await manager.findOneByOrFail(ClearanceEntity, { id: row.id });
      await this.outbox.enqueue(manager, ClearanceRequested, toClearanceRequested(stored, now), { correlationId: cmd.correlationId });
      // The provider's e-mail reaches notification (the letter) only on the private contact topic, never on this event.
      const contact = await contactWithClearanceProviders(manager, cmd.clientId, now);
      if (contact) await this.outbox.enqueue(manager, ClientContactRecorded, contact, { correlationId: cmd.correlationId });
      await this.audit.record(manager, { ...audited, resourceType: 'clearance', resourceId: row.id, outcome: 'allowed' });
      return toClearanceResponse(stored);
    });
    try {
      return await requested;
    } catch (error: unknown) {
      if (error instanceof NotFoundException) await this.audit.recordNow({ ...audited, resourceType: 'client', resourceId: cmd.clientId, outcome: 'refused', reason: 'not-found' });
      throw error;
    }
  }
}
