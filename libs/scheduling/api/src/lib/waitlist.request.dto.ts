import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { WAITLIST_LIMITS } from '@massage/scheduling-domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { BookAppointmentRequestDto, IsId } from './appointment.request.dto';
import { LocalWindowDto } from './location.request.dto';
import { IsLocalDate } from './validators';
import type { JoinWaitlistRequest } from './waitlist.api';

/** Body of `POST /locations/:locationId/waitlist` (with `Idempotency-Key`): a booking's client, service and plan, and a window instead of a start. */
export class JoinWaitlistRequestDto extends PickType(BookAppointmentRequestDto, ['clientId', 'serviceId', 'techniques', 'focusRegions', 'pressure'] as const) implements JoinWaitlistRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this therapist; absent = any therapist of the location.' })
  @IsOptional()
  @IsId()
  therapistId?: string;

  @ApiProperty({ format: 'date', example: '2026-03-09', description: 'First local date the client can come.' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-03-20', description: `Last local date (included); at most ${WAITLIST_LIMITS.maxWindowDays} days after from.` })
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional({ type: [LocalWindowDto], example: [{ from: '09:00', to: '12:00' }], description: 'Local windows the appointment should start in; absent = any time.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WAITLIST_LIMITS.maxPreferredTimes)
  @ValidateNested({ each: true })
  @Type(() => LocalWindowDto)
  preferredTimes?: LocalWindowDto[];
}
