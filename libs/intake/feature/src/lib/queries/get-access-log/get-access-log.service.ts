import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditRecord } from '@massage/audit';
import type { AccessLogEntry, AccessLogResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';

function toEntry(r: AuditRecord): AccessLogEntry {
  return {
    seq: r.seq,
    recordedAt: r.recordedAt.toISOString(),
    actor: { subject: r.actorSubject, role: r.actorRole, locationId: r.actorLocation },
    action: r.action,
    operation: r.operation,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    outcome: r.outcome,
    reason: r.reason,
    correlationId: r.correlationId,
  };
}

/**
 * "Who read this client's record": the audit rows naming a client of the caller's location, newest
 * first. Looking is itself audited (`audit.read`), after the page is read so it is not in it.
 */
@Injectable()
export class GetAccessLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get({ actor, locationId, correlationId }: ReadContext, clientId: string, page: { limit: number; before?: number }): Promise<AccessLogResponse> {
    const read = { actor, action: 'read', operation: 'audit.read', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    if (!(await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId }))) {
      await this.audit.recordNow({ ...read, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    const rows = await this.audit.forClient(clientId, { limit: page.limit + 1, ...(page.before !== undefined ? { beforeSeq: page.before } : {}) });
    const items = rows.slice(0, page.limit);
    await this.audit.recordNow({ ...read, outcome: 'allowed' });
    return { items: items.map(toEntry), nextBefore: rows.length > page.limit ? (items.at(-1)?.seq ?? null) : null };
  }
}
