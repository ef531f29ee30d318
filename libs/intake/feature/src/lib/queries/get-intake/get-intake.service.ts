import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { IntakeResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { IntakeEntity } from '../../intake.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';

/** Reads one intake of a client of the caller's location; the read is in the audit trail before it is answered. */
@Injectable()
export class GetIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get({ actor, locationId, correlationId }: ReadContext, clientId: string, intakeId: string): Promise<IntakeResponse> {
    const intake = await this.dataSource.getRepository(IntakeEntity).findOneBy({ id: intakeId, clientId, locationId });
    const found = intake ? ({ outcome: 'allowed' } as const) : ({ outcome: 'refused', reason: 'not-found' } as const);
    await this.audit.recordNow({ actor, action: 'read', operation: 'intake.read', resourceType: 'intake', resourceId: intakeId, clientId, locationId, correlationId, ...found });
    if (!intake) throw notFound('intake');
    return toIntakeResponse(intake);
  }
}
