import { Injectable } from '@nestjs/common';
import type { TherapistResponse } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { notFound } from '../../http/request-context';
import { toTherapistResponse } from '../../http/responses';

/** A therapist who works at the location: licences, certifications, shifts, time off; another location's is not found. */
@Injectable()
export class GetTherapistService {
  constructor(private readonly dataSource: DataSource) {}

  async get(locationId: string, therapistId: string): Promise<TherapistResponse> {
    const therapist = await new CalendarReader(this.dataSource.manager).therapist(locationId, therapistId);
    if (!therapist) throw notFound('therapist');
    return toTherapistResponse(therapist);
  }
}
