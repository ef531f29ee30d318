import { Injectable } from '@nestjs/common';
import type { IntakeResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { IntakeEntity } from '../../intake.entity';
import { notFound } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';

/** Reads one intake of a client of the caller's location. */
@Injectable()
export class GetIntakeService {
  constructor(private readonly dataSource: DataSource) {}

  async get(locationId: string, clientId: string, intakeId: string): Promise<IntakeResponse> {
    const intake = await this.dataSource.getRepository(IntakeEntity).findOneBy({ id: intakeId, clientId, locationId });
    if (!intake) throw notFound('intake');
    return toIntakeResponse(intake);
  }
}
