import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { ClearanceListResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { ClearanceEntity } from '../../clearances/clearance.entity';
import { toClearanceResponse } from '../../clearances/clearance.views';
import { notFound, type ReadContext } from '../../http/request-context';

/** A client's clearances, newest first (requested or recorded); 404 when the client is not the location's. Audited before answering. */
@Injectable()
export class ListClearancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<ClearanceListResponse> {
    const read = { actor, action: 'read', operation: 'clearance.list', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    if (!(await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId }))) {
      await this.audit.recordNow({ ...read, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    const rows = await this.dataSource
      .createQueryBuilder(ClearanceEntity, 'c')
      .where('c.client_id = :clientId AND c.location_id = :locationId', { clientId, locationId })
      .orderBy('coalesce(c.recorded_at, c.requested_at)', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getMany();
    await this.audit.recordNow({ ...read, outcome: 'allowed' });
    return { items: rows.map(toClearanceResponse) };
  }
}
