import {
  BODY_REGIONS,
  CONDITION_QUALIFIERS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  SYMPTOMS_TODAY,
  type BodyRegion,
  type ConditionQualifier,
  type DeviceKind,
  type HealthConditionCode,
  type MedicationClass,
  type PregnancyRiskFactor,
  type PressureLevel,
  type SymptomToday,
} from '@massage/contracts';
import {
  CURRENT_INTAKE_FORM,
  HEALTH_ANSWER_LIMITS as H,
  INTAKE_RULES as L,
  type ConditionAnswer,
  type ConsentSubmission,
  type DeviceAnswer,
  type FractureAnswer,
  type HealthAnswers,
  type MedicationAnswer,
  type PainAnswer,
  type PregnancyAnswer,
  type SurgeryAnswer,
} from '@massage/intake-domain';
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
  ValidateNested,
} from 'class-validator';
import type { SubmitIntakeRequest } from './intake.api';
import { ArrayUniqueBy, IsCalendarDate, IsCurrentFormVersion, IsNotRepeated } from './validators';

// Every limit below is the domain's (INTAKE_RULES, HEALTH_ANSWER_LIMITS, the contracts' code lists). The
// DTOs check the shape; intake's domain rules then check what needs the whole answer or a clock (dates not
// in the future, a region where the rule needs one, qualifiers a condition offers, codes given once).

/** The question a field answers, from the current form definition (shown in the OpenAPI document). */
function asks(field: string): string {
  return CURRENT_INTAKE_FORM.questions.find((q) => q.field === field)?.asks ?? '';
}

/** A list of body regions (each from BODY_REGIONS). */
function Regions(description: string, example: BodyRegion[]): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({ enum: BODY_REGIONS, isArray: true, maxItems: H.maxRegions, example, description })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(H.maxRegions)(target, key);
    IsIn(BODY_REGIONS, { each: true })(target, key);
  };
}

function OptionalDate(description: string, example: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ format: 'date', example, description: `${description} YYYY-MM-DD, not in the future.` })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    IsCalendarDate()(target, key);
  };
}

function Note(description: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ maxLength: H.noteMaxLength, description: `${description} The client's words; never leaves intake.` })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(H.noteMaxLength)(target, key);
  };
}

/** A list of nested answers. */
function Answers(type: () => new () => object, max: number, description: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({ type: [type()], maxItems: max, description })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(type)(target, key);
  };
}

export class ConditionAnswerDto implements ConditionAnswer {
  @ApiProperty({ enum: HEALTH_CONDITION_CODES, example: 'dvt', description: 'Each code at most once (`other` may repeat).' })
  @IsIn(HEALTH_CONDITION_CODES)
  code: HealthConditionCode;

  @Regions('Where it is (the affected limb, the quadrant, the wound); required for codes whose rule acts on the site.', ['left-calf'])
  regions: BodyRegion[];

  @ApiProperty({ enum: CONDITION_QUALIFIERS, isArray: true, example: [], description: 'Only the qualifiers the form offers for the code (e.g. hypertension: controlled or uncontrolled).' })
  @IsArray()
  @IsIn(CONDITION_QUALIFIERS, { each: true })
  qualifiers: ConditionQualifier[];

  @OptionalDate('When it was diagnosed.', '2025-11-02')
  diagnosedOn?: string;

  @OptionalDate('When it started (inflammation, unexplained pain, a lump).', '2026-11-20')
  onsetOn?: string;

  @OptionalDate('Treatment started (a clot treated, chemotherapy, radiation).', '2026-03-01')
  treatmentStartedOn?: string;

  @OptionalDate('Treatment ended; absent while ongoing. Not before treatmentStartedOn.', '2026-09-01')
  treatmentEndedOn?: string;

  @Note('Detail.')
  note?: string;
}

export class SurgeryAnswerDto implements SurgeryAnswer {
  @ApiProperty({ format: 'date', example: '2026-10-01', description: 'YYYY-MM-DD, not in the future.' })
  @IsString()
  @IsCalendarDate()
  on: string;

  @Regions('Where on the body (at least one).', ['right-knee'])
  sites: BodyRegion[];

  @Note('What was done.')
  note?: string;
}

export class FractureAnswerDto implements FractureAnswer {
  @ApiProperty({ format: 'date', example: '2026-09-15', description: 'YYYY-MM-DD, not in the future.' })
  @IsString()
  @IsCalendarDate()
  on: string;

  @Regions('Where (at least one).', ['left-hand'])
  sites: BodyRegion[];

  @ApiProperty({ example: false, description: 'A clinician confirmed the bone has healed.' })
  @IsBoolean()
  healed: boolean;
}

export class DeviceAnswerDto implements DeviceAnswer {
  @ApiProperty({ enum: DEVICE_KINDS, example: 'pacemaker' })
  @IsIn(DEVICE_KINDS)
  kind: DeviceKind;

  @Regions('The device and its leads (at least one).', ['chest'])
  sites: BodyRegion[];

  @OptionalDate('When it was placed.', '2024-02-01')
  placedOn?: string;

  @OptionalDate('When it was removed (ports, lines, drains); not before placedOn.', '2026-06-01')
  removedOn?: string;
}

export class PregnancyAnswerDto implements PregnancyAnswer {
  @ApiProperty({ type: 'integer', minimum: H.pregnancyWeeks.min, maximum: H.pregnancyWeeks.max, example: 20, description: 'Completed weeks of gestation.' })
  @IsInt()
  @Min(H.pregnancyWeeks.min)
  @Max(H.pregnancyWeeks.max)
  weeks: number;

  @ApiProperty({ enum: PREGNANCY_RISK_FACTORS, isArray: true, example: [], description: 'Each at most once.' })
  @IsArray()
  @IsIn(PREGNANCY_RISK_FACTORS, { each: true })
  riskFactors: PregnancyRiskFactor[];
}

export class MedicationAnswerDto implements MedicationAnswer {
  @ApiProperty({ enum: MEDICATION_CLASSES, example: 'anticoagulant' })
  @IsIn(MEDICATION_CLASSES)
  class: MedicationClass;

  @ApiPropertyOptional({ minLength: H.medicationNameMinLength, maxLength: H.medicationNameMaxLength, example: 'apixaban', description: 'As the client gives it; never leaves intake.' })
  @IsOptional()
  @IsString()
  @Length(H.medicationNameMinLength, H.medicationNameMaxLength)
  name?: string;
}

export class PainAreaAnswerDto implements PainAnswer {
  @ApiProperty({ enum: BODY_REGIONS, example: 'lower-back' })
  @IsIn(BODY_REGIONS)
  @IsNotRepeated()
  region: BodyRegion;

  @ApiProperty({ type: 'integer', minimum: H.painRating.min, maximum: H.painRating.max, example: 7 })
  @IsInt()
  @Min(H.painRating.min)
  @Max(H.painRating.max)
  rating: number;
}

/** Form v2's health answers (`HealthAnswers`), each list possibly empty. */
export class HealthAnswersDto implements HealthAnswers {
  @Answers(() => ConditionAnswerDto, H.maxConditions, asks('answers.conditions'))
  conditions: ConditionAnswerDto[];

  @Answers(() => SurgeryAnswerDto, H.maxSurgeries, asks('answers.surgeries'))
  surgeries: SurgeryAnswerDto[];

  @Answers(() => FractureAnswerDto, H.maxFractures, asks('answers.fractures'))
  fractures: FractureAnswerDto[];

  @Answers(() => DeviceAnswerDto, H.maxDevices, asks('answers.devices'))
  devices: DeviceAnswerDto[];

  @ApiPropertyOptional({ type: PregnancyAnswerDto, description: `${asks('answers.pregnancy')} Absent = not pregnant.` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PregnancyAnswerDto)
  pregnancy?: PregnancyAnswerDto;

  @Answers(() => MedicationAnswerDto, H.maxMedications, asks('answers.medications'))
  medications: MedicationAnswerDto[];

  @ApiProperty({ enum: SYMPTOMS_TODAY, isArray: true, example: ['headache'], description: asks('answers.symptomsToday') })
  @IsArray()
  @ArrayMaxSize(SYMPTOMS_TODAY.length)
  @IsIn(SYMPTOMS_TODAY, { each: true })
  symptomsToday: SymptomToday[];

  @ApiProperty({ type: [PainAreaAnswerDto], maxItems: H.maxPainAreas, description: `${asks('answers.painAreas')} Each region at most once.` })
  @IsArray()
  @ArrayMaxSize(H.maxPainAreas)
  @ArrayUniqueBy('region')
  @ValidateNested({ each: true })
  @Type(() => PainAreaAnswerDto)
  painAreas: PainAreaAnswerDto[];

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3', description: asks('answers.pressurePreference') })
  @IsIn(PRESSURE_LEVELS)
  pressurePreference: PressureLevel;
}

export class ConsentRequestDto implements ConsentSubmission {
  @ApiProperty({ enum: [true], description: 'Must be true: an intake without consent is refused.' })
  @IsBoolean()
  @Equals(true, { message: 'consent must be given to complete an intake' })
  given: boolean;

  @ApiProperty({ pattern: L.formVersionPattern, example: CURRENT_INTAKE_FORM.consentTextVersions[0], description: `The consent text the client was shown and signed; the form accepts ${CURRENT_INTAKE_FORM.consentTextVersions.join(', ')}.` })
  @IsString()
  @Matches(new RegExp(L.formVersionPattern), { message: 'textVersion must be a consent text version' })
  textVersion: string;

  @ApiProperty({ minLength: L.nameMinLength, maxLength: L.nameMaxLength, example: 'Ada Lovelace' })
  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  signedName: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-27T10:15:00Z',
    description: `RFC 3339 with offset; at most ${L.signedAtMaxSkewMinutes} minutes in the future, and less than a year ago (consent lasts one year; checked by intake).`,
  })
  @IsString()
  @IsRFC3339()
  signedAt: string;
}

/**
 * Body of `POST /clients/:clientId/intakes` (the gateway's `POST /v1/locations/:locationId/clients/:clientId/intakes`),
 * checked field by field, nested objects too, each error naming its path (`answers.painAreas.0.rating`). The
 * gateway validates it before forwarding; intake validates it again, then applies its domain rules.
 */
export class SubmitIntakeRequestDto implements SubmitIntakeRequest {
  @ApiProperty({ pattern: L.formVersionPattern, example: CURRENT_INTAKE_FORM.version, description: 'A current form version; an unknown or retired one is refused.' })
  @IsString()
  @IsCurrentFormVersion()
  formVersion: string;

  @ApiProperty({ type: HealthAnswersDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => HealthAnswersDto)
  answers: HealthAnswersDto;

  @ApiProperty({ type: [String], minItems: L.goalsMin, maxItems: L.goalsMax, example: ['Sit through a workday without back pain'] })
  @IsArray()
  @ArrayMinSize(L.goalsMin)
  @ArrayMaxSize(L.goalsMax)
  @IsString({ each: true })
  @Length(L.goalMinLength, L.goalMaxLength, { each: true })
  goals: string[];

  @ApiProperty({ type: ConsentRequestDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentRequestDto)
  consent: ConsentRequestDto;
}
