import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { ScreeningOutcomeResponse, ScreeningResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { ScreeningResultEntity } from '../../screening/screening-result.entity';
import { screeningAs, ScreeningViewPolicy } from '../../screening/screening-view';

/**
 * A client's latest screening: the full result for those with `screening:read`, the outcome for front desk.
 * 404 when the client is not the location's or has not been screened yet. Audited before answering.
 */
@Injectable()
export class GetScreeningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly views: ScreeningViewPolicy,
  ) {}

  async latest({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<ScreeningResponse | ScreeningOutcomeResponse> {
    const view = await this.views.viewOf(actor, locationId, clientId);
    const read = { actor, action: 'read', operation: view === 'full' ? 'screening.read' : 'screening-outcome.read', clientId, locationId, correlationId } as const;
    const client = await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId });
    const latest = client
      ? await this.dataSource.getRepository(ScreeningResultEntity).findOne({ where: { clientId, locationId }, order: { seq: 'DESC' } })
      : null;
    if (!latest) {
      await this.audit.recordNow({ ...read, resourceType: 'client', resourceId: clientId, outcome: 'refused', reason: 'not-found' });
      throw client ? new NotFoundException('the client has not been screened yet') : notFound('client');
    }
    await this.audit.recordNow({ ...read, resourceType: 'screening', resourceId: latest.id, outcome: 'allowed' });
    return screeningAs(view, latest);
  }
}
