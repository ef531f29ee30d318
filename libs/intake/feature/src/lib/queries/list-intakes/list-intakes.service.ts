import { Injectable } from '@nestjs/common';
import type { IntakeListResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { IntakeEntity } from '../../intake.entity';
import { notFound } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';

/** A client's intakes, latest first; 404 when the client is not the caller location's. */
@Injectable()
export class ListIntakesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(locationId: string, clientId: string): Promise<IntakeListResponse> {
    const client = await this.dataSource.getRepository(ClientEntity).existsBy({ id: clientId, locationId });
    if (!client) throw notFound('client');
    const intakes = await this.dataSource.getRepository(IntakeEntity).find({
      where: { clientId, locationId },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    return { items: intakes.map(toIntakeResponse) };
  }
}
