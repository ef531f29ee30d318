import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { API_WEEKDAYS, SCHEDULING_API_LIMITS as L, TIME_OFF_REASONS, type ApiWeekday, type TimeOffReason } from './scheduling-http.constants';
import type { AddTimeOffRequest, RecordCertificationRequest, RecordLicenceRequest, RegisterTherapistRequest, SetShiftsRequest, ShiftBody } from './therapist.api';
import { IsInstant, IsLocalDate, IsLocalTime } from './validators';

/** Body of `PUT …/therapists/:therapistId/licence`. */
export class RecordLicenceRequestDto implements RecordLicenceRequest {
  @ApiProperty({ pattern: L.licenceNumberPattern, example: 'RMT-004217' })
  @IsString()
  @Matches(new RegExp(L.licenceNumberPattern), { message: 'number must be 1–32 letters, digits, ".", "/" or "-"' })
  number: string;

  @ApiProperty({ pattern: L.jurisdictionPattern, example: 'CA-ON' })
  @IsString()
  @Matches(new RegExp(L.jurisdictionPattern), { message: 'jurisdiction must be a country code, optionally with a subdivision (CA-ON)' })
  jurisdiction: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-01-01' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;

  @ApiProperty({ format: 'date', example: '2027-12-31', description: 'Last day valid, included.' })
  @IsLocalDate()
  expiresOn: string;
}

/** Body of `PUT …/therapists/:therapistId/certifications/:technique`. */
export class RecordCertificationRequestDto implements RecordCertificationRequest {
  @ApiPropertyOptional({ format: 'date', example: '2025-06-01' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', example: '2028-05-31', description: 'Last day valid, included; absent = does not expire.' })
  @IsOptional()
  @IsLocalDate()
  expiresOn?: string;
}

export class ShiftDto implements ShiftBody {
  @ApiProperty({ enum: API_WEEKDAYS, example: 'tuesday' })
  @IsIn(API_WEEKDAYS)
  weekday: ApiWeekday;

  @ApiProperty({ example: '09:00' })
  @IsLocalTime()
  from: string;

  @ApiProperty({ example: '17:00' })
  @IsLocalTime()
  to: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;
}

/** Body of `PUT …/therapists/:therapistId/shifts`. */
export class SetShiftsRequestDto implements SetShiftsRequest {
  @ApiProperty({ type: [ShiftDto], example: [{ weekday: 'tuesday', from: '09:00', to: '17:00' }] })
  @IsArray()
  @ArrayMaxSize(L.maxShifts)
  @ValidateNested({ each: true })
  @Type(() => ShiftDto)
  shifts: ShiftDto[];
}

/** Body of `POST …/therapists/:therapistId/time-off` (with `Idempotency-Key`). */
export class AddTimeOffRequestDto implements AddTimeOffRequest {
  @ApiProperty({ format: 'date-time', example: '2026-12-24T00:00:00-05:00' })
  @IsInstant()
  from: string;

  @ApiProperty({ format: 'date-time', example: '2027-01-02T00:00:00-05:00' })
  @IsInstant()
  to: string;

  @ApiProperty({ enum: TIME_OFF_REASONS, example: 'vacation' })
  @IsIn(TIME_OFF_REASONS)
  reason: TimeOffReason;
}

/** Body of `POST /locations/:locationId/therapists` (with `Idempotency-Key`). */
export class RegisterTherapistRequestDto implements RegisterTherapistRequest {
  @ApiProperty({ pattern: L.subjectPattern, example: 'therapist-7f3a' })
  @IsString()
  @Matches(new RegExp(L.subjectPattern), { message: 'subject must be 1–128 letters, digits, ".", "_", ":", "@" or "-"' })
  subject: string;

  @ApiProperty({ maxLength: L.nameMaxLength, example: 'Sam Rivera' })
  @IsString()
  @Length(1, L.nameMaxLength)
  displayName: string;

  @ApiPropertyOptional({ type: RecordLicenceRequestDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordLicenceRequestDto)
  licence?: RecordLicenceRequestDto;
}
