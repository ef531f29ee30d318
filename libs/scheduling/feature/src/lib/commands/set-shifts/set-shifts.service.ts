import { Injectable } from '@nestjs/common';
import { ValidationProblem } from '@massage/platform';
import type { SetShiftsRequest, TherapistResponse } from '@massage/scheduling-api';
import { shiftProblems } from '../../calendar/calendar-rules';
import { StaffChange } from '../../calendar/staff-change';
import type { CommandContext } from '../../http/request-context';

/**
 * `PUT …/therapists/:therapistId/shifts`: the therapist's weekly shifts at this location, replacing the ones
 * before (shifts at other locations stay). Bookings already made outside the new shifts stay: the front desk
 * moves them.
 */
@Injectable()
export class SetShiftsService {
  constructor(private readonly staff: StaffChange) {}

  set(cmd: CommandContext, therapistId: string, body: SetShiftsRequest): Promise<TherapistResponse> {
    const problems = shiftProblems(body.shifts);
    if (problems.length > 0) throw new ValidationProblem(problems);
    return this.staff.apply(cmd, therapistId, 'therapist.shifts', async (manager) => {
      await manager.query(`DELETE FROM therapist_shift WHERE therapist_id = $1 AND location_id = $2`, [therapistId, cmd.locationId]);
      for (const s of body.shifts) {
        await manager.query(`INSERT INTO therapist_shift (therapist_id, location_id, weekday, starts, ends, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          therapistId,
          cmd.locationId,
          s.weekday,
          s.from,
          s.to,
          s.validFrom ?? null,
          s.validTo ?? null,
        ]);
      }
    });
  }
}
