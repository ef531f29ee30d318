import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationProblem } from '@massage/platform';
import type { AddTimeOffRequest, TherapistResponse } from '@massage/scheduling-api';
import { StaffChange } from '../../calendar/staff-change';
import type { CommandContext } from '../../http/request-context';

/** `POST …/therapists/:therapistId/time-off` (with `Idempotency-Key`): `[from, to)` off, at every location. */
@Injectable()
export class AddTimeOffService {
  constructor(private readonly staff: StaffChange) {}

  add(cmd: CommandContext & { idempotencyKey: string }, therapistId: string, body: AddTimeOffRequest): Promise<TherapistResponse> {
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (from >= to) throw new ValidationProblem([{ name: 'to', reason: 'must be later than from' }]);
    return this.staff.apply({ ...cmd, path: `/therapists/${therapistId}/time-off`, body }, therapistId, 'therapist.time-off', async (manager) => {
      await manager.query(`INSERT INTO therapist_time_off (id, therapist_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), therapistId, from, to, body.reason]);
    });
  }
}
