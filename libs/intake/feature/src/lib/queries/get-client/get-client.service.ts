import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { ClientResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { toClientResponse } from '../../http/responses';

/**
 * Reads a client of the caller's location; another location's client is "not found", never "forbidden".
 * No health data, but part of the client's record: audited before answering, like the intake reads.
 */
@Injectable()
export class GetClientService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<ClientResponse> {
    const client = await this.dataSource.getRepository(ClientEntity).findOneBy({ id: clientId, locationId });
    const found = client ? ({ outcome: 'allowed' } as const) : ({ outcome: 'refused', reason: 'not-found' } as const);
    await this.audit.recordNow({ actor, action: 'read', operation: 'client.read', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId, ...found });
    if (!client) throw notFound('client');
    return toClientResponse(client);
  }
}
