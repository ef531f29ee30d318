import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { ClearanceResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClearanceEntity } from '../../clearances/clearance.entity';
import { toClearanceResponse } from '../../clearances/clearance.views';
import { notFound, type ReadContext } from '../../http/request-context';

/** One clearance of a client of the caller's location; the read is in the audit trail before it is answered. */
@Injectable()
export class GetClearanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get({ actor, locationId, correlationId }: ReadContext, clientId: string, clearanceId: string): Promise<ClearanceResponse> {
    const clearance = await this.dataSource.getRepository(ClearanceEntity).findOneBy({ id: clearanceId, clientId, locationId });
    const found = clearance ? ({ outcome: 'allowed' } as const) : ({ outcome: 'refused', reason: 'not-found' } as const);
    await this.audit.recordNow({ actor, action: 'read', operation: 'clearance.read', resourceType: 'clearance', resourceId: clearanceId, clientId, locationId, correlationId, ...found });
    if (!clearance) throw notFound('clearance');
    return toClearanceResponse(clearance);
  }
}
