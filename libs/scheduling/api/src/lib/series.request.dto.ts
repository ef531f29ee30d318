import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { SERIES_LIMITS } from '@massage/scheduling-domain';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsId, Regions, Techniques } from './appointment.request.dto';
import type { BookSeriesRequest } from './series.api';
import { IsLocalDate, IsLocalTime } from './validators';

/** Body of `POST /locations/:locationId/series` (with `Idempotency-Key`). */
export class BookSeriesRequestDto implements BookSeriesRequest {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b' })
  @IsId()
  clientId: string;

  @ApiProperty({ format: 'uuid', example: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f' })
  @IsId()
  therapistId: string;

  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  @IsId()
  serviceId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent: for each session, the first free room with the equipment the service needs.' })
  @IsOptional()
  @IsId()
  roomId?: string;

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

  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish'] })
  @Techniques()
  techniques: Technique[];

  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['lower-back'] })
  @Regions()
  focusRegions: BodyRegion[];

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' })
  @IsIn(PRESSURE_LEVELS)
  pressure: PressureLevel;
}
