import { ApiProperty, PickType } from '@nestjs/swagger';
import { SERIES_LIMITS } from '@massage/scheduling-domain';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { BookAppointmentRequestDto } from './appointment.request.dto';
import type { BookSeriesRequest } from './series.api';
import { IsLocalDate, IsLocalTime } from './validators';

/** Body of `POST /locations/:locationId/series` (with `Idempotency-Key`): a booking's client, therapist, service, room and plan, and when. */
export class BookSeriesRequestDto
  extends PickType(BookAppointmentRequestDto, ['clientId', 'therapistId', 'serviceId', 'roomId', 'techniques', 'focusRegions', 'pressure'] as const)
  implements BookSeriesRequest
{
  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'The first session’s local date; the others fall on the same weekday.' })
  @IsLocalDate()
  firstDate: string;

  @ApiProperty({ example: '10:00', description: 'Local start time of every session, at the location, across DST changes.' })
  @IsLocalTime()
  @Matches(/^(?!24:00$)/, { message: '$property must be a start time before 24:00' })
  localTime: string;

  @ApiProperty({ minimum: SERIES_LIMITS.count.min, maximum: SERIES_LIMITS.count.max, example: 6 })
  @IsInt()
  @Min(SERIES_LIMITS.count.min)
  @Max(SERIES_LIMITS.count.max)
  count: number;

  @ApiProperty({ minimum: SERIES_LIMITS.everyWeeks.min, maximum: SERIES_LIMITS.everyWeeks.max, example: 2 })
  @IsInt()
  @Min(SERIES_LIMITS.everyWeeks.min)
  @Max(SERIES_LIMITS.everyWeeks.max)
  everyWeeks: number;
}
