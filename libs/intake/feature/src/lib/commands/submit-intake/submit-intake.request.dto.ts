import {
  BODY_REGIONS,
  CONDITION_CODES,
  MEDICATION_CODES,
  PRESSURE_PREFERENCES,
  type BodyRegion,
  type ConditionCode,
  type MedicationCode,
  type PressurePreference,
} from '@massage/contracts';
import {
  INTAKE_API_LIMITS as L,
  type ConditionAnswer,
  type ConsentRequest,
  type MedicationAnswer,
  type PainAreaAnswer,
  type RecentInjuryOrSurgeryAnswer,
  type SubmitIntakeRequest,
} from '@massage/intake-api';
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
  ValidateNested,
} from 'class-validator';

export class ConditionAnswerDto implements ConditionAnswer {
  @IsIn(CONDITION_CODES)
  code: ConditionCode;

  @IsOptional()
  @IsString()
  @MaxLength(L.noteMaxLength)
  note?: string;
}

export class MedicationAnswerDto implements MedicationAnswer {
  @IsIn(MEDICATION_CODES)
  code: MedicationCode;

  @IsString()
  @Length(L.medicationNameMinLength, L.noteMaxLength)
  name: string;
}

export class RecentInjuryOrSurgeryDto implements RecentInjuryOrSurgeryAnswer {
  @IsBoolean()
  present: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(L.noteMaxLength)
  description?: string;

  @IsOptional()
  @IsString()
  @Matches(new RegExp(L.datePattern), { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

export class PainAreaDto implements PainAreaAnswer {
  @IsIn(BODY_REGIONS)
  region: BodyRegion;

  @IsInt()
  @Min(L.painRatingMin)
  @Max(L.painRatingMax)
  rating: number;
}

export class ConsentDto implements ConsentRequest {
  @IsBoolean()
  @Equals(true, { message: 'consent must be given to complete an intake' })
  given: boolean;

  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  signedName: string;

  @IsString()
  @IsRFC3339()
  signedAt: string;
}

/** `POST /clients/:clientId/intakes` body; nested objects are checked too, each error naming its path. */
export class SubmitIntakeDto implements SubmitIntakeRequest {
  @IsString()
  @Matches(new RegExp(L.formVersionPattern), { message: 'formVersion must be 1–32 characters of letters, digits, ".", "_" or "-"' })
  formVersion: string;

  @IsArray()
  @ArrayMaxSize(L.maxConditions)
  @ValidateNested({ each: true })
  @Type(() => ConditionAnswerDto)
  conditions: ConditionAnswerDto[];

  @IsArray()
  @ArrayMaxSize(L.maxMedications)
  @ValidateNested({ each: true })
  @Type(() => MedicationAnswerDto)
  medications: MedicationAnswerDto[];

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RecentInjuryOrSurgeryDto)
  recentInjuryOrSurgery: RecentInjuryOrSurgeryDto;

  @IsArray()
  @ArrayMaxSize(BODY_REGIONS.length)
  @ValidateNested({ each: true })
  @Type(() => PainAreaDto)
  painAreas: PainAreaDto[];

  @IsArray()
  @ArrayMinSize(L.goalsMin)
  @ArrayMaxSize(L.goalsMax)
  @IsString({ each: true })
  @Length(L.goalMinLength, L.goalMaxLength, { each: true })
  goals: string[];

  @IsIn(PRESSURE_PREFERENCES)
  pressurePreference: PressurePreference;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
