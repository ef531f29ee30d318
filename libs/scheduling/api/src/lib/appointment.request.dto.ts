import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, UUID_PATTERN, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import type { AvailabilityQuery, BookAppointmentRequest, CancelAppointmentRequest, RescheduleAppointmentRequest } from './appointment.api';
import { CANCELLATION_REASONS, type CancellationReason } from './scheduling-http.constants';
import { IsInstant, IsLocalDate } from './validators';

const UUID = new RegExp(UUID_PATTERN);

/** A uuid (any case; the service lowercases it). */
export function IsId(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(UUID, { message: '$property must be a uuid' })(target, key);
  };
}

function Techniques(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayUnique()(target, key);
    IsIn(TECHNIQUES, { each: true })(target, key);
  };
}

function Regions(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(BODY_REGIONS.length)(target, key);
    ArrayUnique()(target, key);
    IsIn(BODY_REGIONS, { each: true })(target, key);
  };
}

/** Body of `POST /locations/:locationId/appointments` (with `Idempotency-Key`). */
export class BookAppointmentRequestDto implements BookAppointmentRequest {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b' })
  @IsId()
  clientId: string;

  @ApiProperty({ format: 'uuid', example: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f' })
  @IsId()
  therapistId: string;

  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  @IsId()
  serviceId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent: the first free room with the equipment the service needs.' })
  @IsOptional()
  @IsId()
  roomId?: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-09T10:00:00-04:00' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish'] })
  @Techniques()
  techniques: Technique[];

  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['upper-back', 'neck'] })
  @Regions()
  focusRegions: BodyRegion[];

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3', description: "Walton's pressure scale, P1 (light) … P5 (deepest)." })
  @IsIn(PRESSURE_LEVELS)
  pressure: PressureLevel;
}

/** Body of `POST …/appointments/:appointmentId/reschedule`. */
export class RescheduleAppointmentRequestDto implements RescheduleAppointmentRequest {
  @ApiProperty({ format: 'date-time', example: '2026-03-10T14:00:00-04:00' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  therapistId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  roomId?: string;

  @ApiPropertyOptional({ enum: TECHNIQUES, isArray: true })
  @IsOptional()
  @Techniques()
  techniques?: Technique[];

  @ApiPropertyOptional({ enum: BODY_REGIONS, isArray: true })
  @IsOptional()
  @Regions()
  focusRegions?: BodyRegion[];

  @ApiPropertyOptional({ enum: PRESSURE_LEVELS })
  @IsOptional()
  @IsIn(PRESSURE_LEVELS)
  pressure?: PressureLevel;
}

/** Body of `POST …/appointments/:appointmentId/cancel`. */
export class CancelAppointmentRequestDto implements CancelAppointmentRequest {
  @ApiProperty({ enum: CANCELLATION_REASONS, example: 'client-request' })
  @IsIn(CANCELLATION_REASONS)
  reason: CancellationReason;
}

/** A comma-separated query value as a list (`techniques=swedish,deep-tissue`). */
const commaList = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter((v) => v !== '') : value), { toClassOnly: true });

/** Query of `GET /locations/:locationId/availability`. */
export class AvailabilityQueryDto implements AvailabilityQuery {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  serviceId: string;

  @ApiProperty({ format: 'date', example: '2026-03-09' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-03-13' })
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  therapistId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  clientId?: string;

  @ApiPropertyOptional({ enum: TECHNIQUES, isArray: true, description: 'Comma-separated; with focusRegions and pressure, the plan searched for.' })
  @ValidateIf((q: AvailabilityQueryDto) => q.techniques !== undefined || q.focusRegions !== undefined || q.pressure !== undefined)
  @commaList
  @Techniques()
  techniques?: Technique[];

  @ApiPropertyOptional({ enum: BODY_REGIONS, isArray: true, description: 'Comma-separated.' })
  @ValidateIf((q: AvailabilityQueryDto) => q.techniques !== undefined || q.focusRegions !== undefined || q.pressure !== undefined)
  @commaList
  @Regions()
  @ArrayMinSize(1)
  focusRegions?: BodyRegion[];

  @ApiPropertyOptional({ enum: PRESSURE_LEVELS })
  @ValidateIf((q: AvailabilityQueryDto) => q.techniques !== undefined || q.focusRegions !== undefined || q.pressure !== undefined)
  @IsIn(PRESSURE_LEVELS)
  pressure?: PressureLevel;
}
