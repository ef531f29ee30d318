import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { WAITLIST_LIMITS } from '@massage/scheduling-domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsId, Regions, Techniques } from './appointment.request.dto';
import { LocalWindowDto } from './location.request.dto';
import { IsLocalDate } from './validators';
import type { JoinWaitlistRequest } from './waitlist.api';

/** Body of `POST /locations/:locationId/waitlist` (with `Idempotency-Key`). */
export class JoinWaitlistRequestDto implements JoinWaitlistRequest {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b' })
  @IsId()
  clientId: string;

  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  @IsId()
  serviceId: string;

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

  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish'] })
  @Techniques()
  techniques: Technique[];

  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['upper-back', 'neck'] })
  @Regions()
  focusRegions: BodyRegion[];

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' })
  @IsIn(PRESSURE_LEVELS)
  pressure: PressureLevel;
}
