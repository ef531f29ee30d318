import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { ClientContactErased, ClientContactRecorded } from '@massage/contracts';
import type { ClientResponse, ContactErasureReason } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { toClientResponse } from '../../http/responses';

export interface EraseClientContactCommand extends ReadContext {
  clientId: string;
  reason: ContactErasureReason;
}

/**
 * Erases a client's contact details on request (ADR 0010), in one transaction: e-mail and phone become
 * NULL (name, date of birth and intakes stay: the health record is kept for its retention period), the
 * published ClientContactRecorded rows of the client leave the outbox, the ClientContactErased tombstone
 * is enqueued (notification deletes its copy; compaction drops the old values from the topic), and the
 * erasure is audited with its reason. Erasing again publishes another tombstone, which changes nothing.
 */
@Injectable()
export class EraseClientContactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  async erase(cmd: EraseClientContactCommand, now = new Date()): Promise<ClientResponse> {
    const { actor, locationId, correlationId, clientId } = cmd;
    const audited = { actor, action: 'write', operation: 'client.erase-contact', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    const erased = await this.dataSource.transaction(async (manager) => {
      const client = await manager.findOne(ClientEntity, { where: { id: clientId, locationId }, lock: { mode: 'pessimistic_write' } });
      if (!client) return undefined;
      client.email = null;
      client.phone = null;
      client.contactErasedAt = now;
      await manager.update(ClientEntity, { id: clientId }, { email: null, phone: null, contactErasedAt: now });
      // Unpublished ones go out before the tombstone (outbox order per key), which then supersedes them.
      await manager.query(`DELETE FROM "outbox" WHERE "type" = $1 AND "key" = $2 AND "published_at" IS NOT NULL`, [ClientContactRecorded.type, clientId]);
      await this.outbox.enqueue(manager, ClientContactErased, { clientId }, { correlationId });
      await this.audit.record(manager, { ...audited, outcome: 'allowed', reason: cmd.reason });
      return client;
    });
    if (!erased) {
      await this.audit.recordNow({ ...audited, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    return toClientResponse(erased);
  }
}
