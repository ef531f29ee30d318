import { Injectable } from '@nestjs/common';
import { ValidationProblem } from '@massage/platform';
import type { AddClosureRequest, LocationResponse } from '@massage/scheduling-api';
import { CalendarReader } from '../../calendar/calendar.reader';
import { closureProblems } from '../../calendar/calendar-rules';
import { insertUnique, LocationConfig, type LocationConfigCommand } from '../../calendar/location-config';
import { toLocationResponse } from '../../http/responses';

/**
 * Closes a location for whole local days (a holiday, maintenance). Bookings already made on those days stay:
 * the front desk moves them (the check refuses new ones there).
 */
@Injectable()
export class AddClosureService {
  constructor(private readonly config: LocationConfig) {}

  add(cmd: LocationConfigCommand, closure: AddClosureRequest): Promise<LocationResponse> {
    const problems = closureProblems([closure], () => '');
    if (problems.length > 0) throw new ValidationProblem(problems);
    return this.config.change(cmd, { path: '/closures', body: closure, operation: 'closure.add', resourceType: 'location' }, async (manager) => {
      await insertUnique(manager, `INSERT INTO location_closure (location_id, first_day, last_day, reason) VALUES ($1, $2, $3, $4)`, [cmd.locationId, closure.from, closure.to, closure.reason], 'closure');
      const reader = new CalendarReader(manager);
      const location = await reader.location(cmd.locationId);
      if (!location) throw new Error(`location ${cmd.locationId} vanished inside its transaction`);
      return { id: cmd.locationId, result: toLocationResponse(location, await reader.services(cmd.locationId)) };
    });
  }
}
