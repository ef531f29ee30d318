import { Injectable } from '@nestjs/common';
import type { ClientResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound } from '../../http/request-context';
import { toClientResponse } from '../../http/responses';

/** Reads a client of the caller's location; another location's client is "not found", never "forbidden". */
@Injectable()
export class GetClientService {
  constructor(private readonly dataSource: DataSource) {}

  async get(locationId: string, clientId: string): Promise<ClientResponse> {
    const client = await this.dataSource.getRepository(ClientEntity).findOneBy({ id: clientId, locationId });
    if (!client) throw notFound('client');
    return toClientResponse(client);
  }
}
