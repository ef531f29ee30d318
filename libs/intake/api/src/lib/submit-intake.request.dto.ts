import { BODY_REGIONS, CONDITION_CODES, MEDICATION_CODES, PRESSURE_PREFERENCES } from '@massage/contracts';
import type { BodyRegion, ConditionCode, MedicationCode, PressurePreference } from '@massage/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsRFC3339,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INTAKE_API_LIMITS as L } from './intake-http.constants';
import type { ConditionAnswer, ConsentRequest, MedicationAnswer, PainAreaAnswer, RecentInjuryOrSurgeryAnswer, SubmitIntakeRequest } from './intake.api';
import { ArrayUniqueBy, IsAbsentWhen, isBlank, IsCalendarDate, IsNotRepeated } from './validators';

export class ConditionAnswerDto implements ConditionAnswer {
  @ApiProperty({ enum: CONDITION_CODES, example: 'osteoporosis' })
  @IsIn(CONDITION_CODES)
  @IsNotRepeated()
  code: ConditionCode;

  @ApiPropertyOptional({ maxLength: L.noteMaxLength, description: "The client's words; never leaves intake." })
  @IsOptional()
  @IsString()
  @MaxLength(L.noteMaxLength)
  note?: string;
}

export class MedicationAnswerDto implements MedicationAnswer {
  @ApiProperty({ enum: MEDICATION_CODES, example: 'anticoagulant' })
  @IsIn(MEDICATION_CODES)
  code: MedicationCode;

  @ApiProperty({ minLength: L.medicationNameMinLength, maxLength: L.noteMaxLength, example: 'warfarin' })
  @IsString()
  @Length(L.medicationNameMinLength, L.noteMaxLength)
  name: string;
}

type InjuryDto = RecentInjuryOrSurgeryAnswerDto;

/** Whether a description is given: like intake, which trims free text, a blank one counts as absent (unless too long to accept at all). */
const describesInjury = (o: InjuryDto): boolean => o.description !== undefined && !(isBlank(o.description) && o.description.length <= L.noteMaxLength);

export class RecentInjuryOrSurgeryAnswerDto implements RecentInjuryOrSurgeryAnswer {
  @ApiProperty()
  @IsBoolean()
  present: boolean;

  @ApiPropertyOptional({ minLength: 1, maxLength: L.noteMaxLength, description: 'Required when present is true; refused when false.' })
  @ValidateIf((o: InjuryDto) => o.present === true || describesInjury(o))
  @IsAbsentWhen((o: InjuryDto) => o.present === false, { message: 'description must be omitted when present is false' })
  @IsDefined({ message: 'description is required when present is true' })
  @IsString()
  @Length(1, L.noteMaxLength)
  description?: string;

  @ApiPropertyOptional({ format: 'date', description: 'YYYY-MM-DD, not in the future; refused when present is false.' })
  @ValidateIf((o: InjuryDto) => o.date !== undefined)
  @IsAbsentWhen((o: InjuryDto) => o.present === false, { message: 'date must be omitted when present is false' })
  @IsString()
  @IsCalendarDate()
  date?: string;
}

export class PainAreaAnswerDto implements PainAreaAnswer {
  @ApiProperty({ enum: BODY_REGIONS, example: 'lower-back' })
  @IsIn(BODY_REGIONS)
  @IsNotRepeated()
  region: BodyRegion;

  @ApiProperty({ type: 'integer', minimum: L.painRatingMin, maximum: L.painRatingMax, example: 7 })
  @IsInt()
  @Min(L.painRatingMin)
  @Max(L.painRatingMax)
  rating: number;
}

export class ConsentRequestDto implements ConsentRequest {
  @ApiProperty({ enum: [true], description: 'Must be true: an intake without consent is refused.' })
  @IsBoolean()
  @Equals(true, { message: 'consent must be given to complete an intake' })
  given: boolean;

  @ApiProperty({ minLength: L.nameMinLength, maxLength: L.nameMaxLength, example: 'Ada Lovelace' })
  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  signedName: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:15:00Z', description: `RFC 3339 with offset; at most ${L.signedAtMaxSkewMinutes} minutes in the future (checked by intake).` })
  @IsString()
  @IsRFC3339()
  signedAt: string;
}

/**
 * Body of `POST /clients/:clientId/intakes` (the gateway's `POST /v1/locations/:locationId/clients/:clientId/intakes`),
 * checked field by field with INTAKE_API_LIMITS, nested objects too, each error naming its path
 * (`painAreas.0.rating`). The gateway validates it before forwarding; intake validates it again, then
 * applies its own rules (dates not in the future, consent signed at most a few minutes ahead…).
 */
export class SubmitIntakeRequestDto implements SubmitIntakeRequest {
  @ApiProperty({ pattern: L.formVersionPattern, example: '2026.1' })
  @IsString()
  @Matches(new RegExp(L.formVersionPattern), { message: 'formVersion must be 1–32 characters of letters, digits, ".", "_" or "-"' })
  formVersion: string;

  @ApiProperty({ type: [ConditionAnswerDto], maxItems: L.maxConditions, description: 'Each code at most once.' })
  @IsArray()
  @ArrayMaxSize(L.maxConditions)
  @ArrayUniqueBy('code')
  @ValidateNested({ each: true })
  @Type(() => ConditionAnswerDto)
  conditions: ConditionAnswerDto[];

  @ApiProperty({ type: [MedicationAnswerDto], maxItems: L.maxMedications })
  @IsArray()
  @ArrayMaxSize(L.maxMedications)
  @ValidateNested({ each: true })
  @Type(() => MedicationAnswerDto)
  medications: MedicationAnswerDto[];

  @ApiProperty({ type: RecentInjuryOrSurgeryAnswerDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RecentInjuryOrSurgeryAnswerDto)
  recentInjuryOrSurgery: RecentInjuryOrSurgeryAnswerDto;

  @ApiProperty({ type: [PainAreaAnswerDto], maxItems: BODY_REGIONS.length, description: 'Each region at most once.' })
  @IsArray()
  @ArrayMaxSize(BODY_REGIONS.length)
  @ArrayUniqueBy('region')
  @ValidateNested({ each: true })
  @Type(() => PainAreaAnswerDto)
  painAreas: PainAreaAnswerDto[];

  @ApiProperty({ type: [String], minItems: L.goalsMin, maxItems: L.goalsMax, example: ['Sit through a workday without back pain'] })
  @IsArray()
  @ArrayMinSize(L.goalsMin)
  @ArrayMaxSize(L.goalsMax)
  @IsString({ each: true })
  @Length(L.goalMinLength, L.goalMaxLength, { each: true })
  goals: string[];

  @ApiProperty({ enum: PRESSURE_PREFERENCES, example: 'medium' })
  @IsIn(PRESSURE_PREFERENCES)
  pressurePreference: PressurePreference;

  @ApiProperty({ type: ConsentRequestDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentRequestDto)
  consent: ConsentRequestDto;
}
