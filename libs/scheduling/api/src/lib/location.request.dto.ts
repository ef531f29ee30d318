import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { TECHNIQUES, type Technique } from '@massage/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AddRoomRequest, AddServiceRequest, ClosureBody, CreateLocationRequest, LocalWindowBody, OpeningDayBody, UpdateLocationRequest } from './location.api';
import { API_WEEKDAYS, CLOSURE_REASONS, SCHEDULING_API_LIMITS as L, type ApiWeekday, type ClosureReason } from './scheduling-http.constants';
import { IsLocalDate, IsLocalTime } from './validators';

const CODE = new RegExp(L.codePattern);

export class LocalWindowDto implements LocalWindowBody {
  @ApiProperty({ example: '09:00' })
  @IsLocalTime()
  from: string;

  @ApiProperty({ example: '17:00', description: '`24:00` ends the window at the next midnight.' })
  @IsLocalTime()
  to: string;
}

export class OpeningDayDto implements OpeningDayBody {
  @ApiProperty({ enum: API_WEEKDAYS, example: 'monday' })
  @IsIn(API_WEEKDAYS)
  weekday: ApiWeekday;

  @ApiProperty({ type: [LocalWindowDto], example: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '19:00' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.maxWindowsPerDay)
  @ValidateNested({ each: true })
  @Type(() => LocalWindowDto)
  windows: LocalWindowDto[];
}

export class ClosureDto implements ClosureBody {
  @ApiProperty({ format: 'date', example: '2026-12-25' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-12-26' })
  @IsLocalDate()
  to: string;

  @ApiProperty({ enum: CLOSURE_REASONS, example: 'holiday' })
  @IsIn(CLOSURE_REASONS)
  reason: ClosureReason;
}

/** Body of `POST /locations` (hq-admin). The service also checks that windows and closures are in order. */
export class CreateLocationRequestDto implements CreateLocationRequest {
  @ApiProperty({ pattern: L.codePattern, maxLength: L.codeMaxLength, example: 'downtown-toronto' })
  @IsString()
  @MaxLength(L.codeMaxLength)
  @Matches(CODE, { message: 'code must be a lowercase slug such as downtown-toronto' })
  code: string;

  @ApiProperty({ maxLength: L.nameMaxLength, example: 'Downtown Toronto' })
  @IsString()
  @Length(1, L.nameMaxLength)
  name: string;

  @ApiProperty({ example: 'America/Toronto', description: 'IANA time zone.' })
  @IsString()
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ pattern: L.jurisdictionPattern, example: 'CA-ON' })
  @IsString()
  @Matches(new RegExp(L.jurisdictionPattern), { message: 'jurisdiction must be a country code, optionally with a subdivision (CA-ON)' })
  jurisdiction: string;

  @ApiProperty({ type: [OpeningDayDto] })
  @IsArray()
  @ArrayMaxSize(API_WEEKDAYS.length)
  @ValidateNested({ each: true })
  @Type(() => OpeningDayDto)
  openingHours: OpeningDayDto[];

  @ApiPropertyOptional({ type: [ClosureDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.maxClosures)
  @ValidateNested({ each: true })
  @Type(() => ClosureDto)
  closures?: ClosureDto[];

  @ApiPropertyOptional({ minimum: L.cancellationWindowMinutes.min, maximum: L.cancellationWindowMinutes.max, example: L.cancellationWindowMinutes.default })
  @IsOptional()
  @IsInt()
  @Min(L.cancellationWindowMinutes.min)
  @Max(L.cancellationWindowMinutes.max)
  cancellationWindowMinutes?: number;
}

/** Body of `PUT /locations/:locationId`: the creation's settings without code and closures, the cancellation window required (all replaced). */
export class UpdateLocationRequestDto extends OmitType(CreateLocationRequestDto, ['code', 'closures', 'cancellationWindowMinutes'] as const) implements UpdateLocationRequest {
  @ApiProperty({ minimum: L.cancellationWindowMinutes.min, maximum: L.cancellationWindowMinutes.max, example: L.cancellationWindowMinutes.default })
  @IsInt()
  @Min(L.cancellationWindowMinutes.min)
  @Max(L.cancellationWindowMinutes.max)
  cancellationWindowMinutes: number;
}

/** Body of `POST /locations/:locationId/closures`. */
export class AddClosureRequestDto extends ClosureDto {}

function EquipmentCodes(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(L.maxEquipment)(target, key);
    ArrayUnique()(target, key);
    Matches(CODE, { each: true, message: 'each equipment code must be a lowercase slug such as prenatal-table' })(target, key);
  };
}

/** Body of `POST /locations/:locationId/rooms`. */
export class AddRoomRequestDto implements AddRoomRequest {
  @ApiProperty({ pattern: L.codePattern, example: 'room-2' })
  @IsString()
  @MaxLength(L.codeMaxLength)
  @Matches(CODE, { message: 'code must be a lowercase slug such as room-2' })
  code: string;

  @ApiProperty({ example: 'Room 2 (garden side)' })
  @IsString()
  @Length(1, L.nameMaxLength)
  name: string;

  @ApiProperty({ type: [String], example: ['prenatal-table'] })
  @EquipmentCodes()
  equipment: string[];
}

/** Body of `POST /locations/:locationId/services`. */
export class AddServiceRequestDto implements AddServiceRequest {
  @ApiProperty({ pattern: L.codePattern, example: 'deep-tissue-60' })
  @IsString()
  @MaxLength(L.codeMaxLength)
  @Matches(CODE, { message: 'code must be a lowercase slug such as deep-tissue-60' })
  code: string;

  @ApiProperty({ example: 'Deep tissue, 60 minutes' })
  @IsString()
  @Length(1, L.nameMaxLength)
  name: string;

  @ApiProperty({ minimum: L.durationMinutes.min, maximum: L.durationMinutes.max, example: 60 })
  @IsInt()
  @Min(L.durationMinutes.min)
  @Max(L.durationMinutes.max)
  durationMinutes: number;

  @ApiProperty({ minimum: L.bufferMinutes.min, maximum: L.bufferMinutes.max, example: 15 })
  @IsInt()
  @Min(L.bufferMinutes.min)
  @Max(L.bufferMinutes.max)
  bufferMinutes: number;

  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['deep-tissue', 'trigger-point'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TECHNIQUES, { each: true })
  techniques: Technique[];

  @ApiProperty({ type: [String], example: [] })
  @EquipmentCodes()
  requiredEquipment: string[];
}
