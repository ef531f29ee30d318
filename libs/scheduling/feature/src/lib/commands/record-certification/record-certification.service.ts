import { Inject, Injectable } from '@nestjs/common';
import { TECHNIQUES, type Technique } from '@massage/contracts';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import type { RecordCertificationRequest, TherapistResponse } from '@massage/scheduling-api';
import { StaffChange } from '../../calendar/staff-change';
import type { CommandContext } from '../../http/request-context';

/** The technique named in the path; 400 naming `technique` when it is not one of the catalogue. */
export function techniqueFromPath(value: string): Technique {
  if (!(TECHNIQUES as readonly string[]).includes(value)) throw new ValidationProblem([{ name: 'technique', reason: `must be one of ${TECHNIQUES.join(', ')}` }]);
  return value as Technique;
}

/** `PUT …/certifications/:technique`: records (or renews) the therapist's certification in a technique. */
@Injectable()
export class RecordCertificationService {
  constructor(
    private readonly staff: StaffChange,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(cmd: CommandContext, therapistId: string, technique: Technique, c: RecordCertificationRequest): Promise<TherapistResponse> {
    if (c.validFrom && c.expiresOn && c.validFrom > c.expiresOn) throw new ValidationProblem([{ name: 'expiresOn', reason: 'must not be before validFrom' }]);
    return this.staff.apply(cmd, therapistId, 'therapist.certification', async (manager) => {
      await manager.query(
        `INSERT INTO therapist_certification (therapist_id, technique, valid_from, expires_on, recorded_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (therapist_id, technique) DO UPDATE SET valid_from = EXCLUDED.valid_from, expires_on = EXCLUDED.expires_on, recorded_at = EXCLUDED.recorded_at`,
        [therapistId, technique, c.validFrom ?? null, c.expiresOn ?? null, this.clock.now()],
      );
    });
  }
}
