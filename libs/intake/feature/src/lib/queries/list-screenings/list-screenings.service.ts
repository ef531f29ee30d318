import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { ScreeningListResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { ScreeningResultEntity } from '../../screening/screening-result.entity';
import { screeningAs, ScreeningViewPolicy } from '../../screening/screening-view';

/** Every screening of a client, latest first (outcome only for front desk); 404 when the client is not the location's. Audited before answering. */
@Injectable()
export class ListScreeningsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly views: ScreeningViewPolicy,
  ) {}

  async list({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<ScreeningListResponse> {
    const view = await this.views.viewOf(actor, locationId, clientId);
    const read = { actor, action: 'read', operation: view === 'full' ? 'screening.list' : 'screening-outcome.list', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    if (!(await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId }))) {
      await this.audit.recordNow({ ...read, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    const rows = await this.dataSource.getRepository(ScreeningResultEntity).find({ where: { clientId, locationId }, order: { seq: 'DESC' } });
    await this.audit.recordNow({ ...read, outcome: 'allowed' });
    return { items: rows.map((s) => screeningAs(view, s)) };
  }
}
