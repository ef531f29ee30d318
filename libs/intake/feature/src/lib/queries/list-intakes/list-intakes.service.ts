import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { IntakeListResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { IntakeEntity } from '../../intake.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';

/** A client's intakes, latest first; 404 when the client is not the caller location's. Audited before answering. */
@Injectable()
export class ListIntakesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<IntakeListResponse> {
    const client = await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId });
    const read = { actor, action: 'read', operation: 'intake.list', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    if (!client) {
      await this.audit.recordNow({ ...read, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    const intakes = await this.dataSource.getRepository(IntakeEntity).find({
      where: { clientId, locationId },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    await this.audit.recordNow({ ...read, outcome: 'allowed' });
    return { items: intakes.map(toIntakeResponse) };
  }
}
