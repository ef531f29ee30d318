import { Injectable } from '@nestjs/common';
import type { LocationResponse } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { notFound } from '../../http/request-context';
import { toLocationResponse } from '../../http/responses';

/** A location's calendar: zone, hours, closures, rooms and services (no client data, so not audited). */
@Injectable()
export class GetLocationService {
  constructor(private readonly dataSource: DataSource) {}

  async get(locationId: string): Promise<LocationResponse> {
    const reader = new CalendarReader(this.dataSource.manager);
    const location = await reader.location(locationId);
    if (!location) throw notFound('location');
    return toLocationResponse(location, await reader.services(locationId));
  }
}
