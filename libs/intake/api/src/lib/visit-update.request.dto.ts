import { PRESSURE_LEVELS, SYMPTOMS_TODAY, type PressureLevel, type SymptomToday } from '@massage/contracts';
import { HEALTH_ANSWER_LIMITS as H, INTAKE_RULES as L, type VisitUpdateAnswers, type VisitUpdateSubmission } from '@massage/intake-domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import {
  ConditionAnswerDto,
  DeviceAnswerDto,
  FractureAnswerDto,
  MedicationAnswerDto,
  PainAreaAnswerDto,
  PregnancyAnswerDto,
  SurgeryAnswerDto,
} from './submit-intake.request.dto';
import { ArrayUniqueBy } from './validators';

const REPLACES = 'Replaces the last answer when given; absent = the last answer still holds.';

/** An optional list of nested answers that replaces the last one. */
function Section(type: () => new () => object, max: number, description: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ type: [type()], maxItems: max, description: `${description} ${REPLACES}` })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(type)(target, key);
  };
}

/**
 * The answers of a visit update: today's symptoms always; any other section only when it changed, or when the
 * form re-asks it for a rule the last screening re-asks (a DVT history → conditions and medications, an
 * anticoagulant → the DVT questions (conditions) and medications, a recent surgery → the DVT questions and
 * surgeries, a pregnancy → pregnancy): then it is required, even unchanged, and its absence is refused naming the field.
 */
export class VisitUpdateAnswersDto implements VisitUpdateAnswers {
  @ApiProperty({ enum: SYMPTOMS_TODAY, isArray: true, example: [], description: 'Today or in the last 48 hours (always asked; empty = none).' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(SYMPTOMS_TODAY.length)
  @IsIn(SYMPTOMS_TODAY, { each: true })
  symptomsToday: SymptomToday[];

  @Section(() => ConditionAnswerDto, H.maxConditions, 'Conditions.')
  conditions?: ConditionAnswerDto[];

  @Section(() => SurgeryAnswerDto, H.maxSurgeries, 'Surgeries.')
  surgeries?: SurgeryAnswerDto[];

  @Section(() => FractureAnswerDto, H.maxFractures, 'Fractures.')
  fractures?: FractureAnswerDto[];

  @Section(() => DeviceAnswerDto, H.maxDevices, 'Devices.')
  devices?: DeviceAnswerDto[];

  @ApiPropertyOptional({ type: PregnancyAnswerDto, nullable: true, example: { weeks: 22, riskFactors: [] }, description: `Pregnancy; null = no longer pregnant. ${REPLACES}` })
  @ValidateIf((o: VisitUpdateAnswersDto) => o.pregnancy !== undefined && o.pregnancy !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => PregnancyAnswerDto)
  pregnancy?: PregnancyAnswerDto | null;

  @Section(() => MedicationAnswerDto, H.maxMedications, 'Medications.')
  medications?: MedicationAnswerDto[];

  @ApiPropertyOptional({ type: [PainAreaAnswerDto], maxItems: H.maxPainAreas, description: `Pain today. ${REPLACES}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(H.maxPainAreas)
  @ArrayUniqueBy('region')
  @ValidateNested({ each: true })
  @Type(() => PainAreaAnswerDto)
  painAreas?: PainAreaAnswerDto[];

  @ApiPropertyOptional({ enum: PRESSURE_LEVELS, example: 'P3', description: `Pressure preferred today. ${REPLACES}` })
  @IsOptional()
  @IsIn(PRESSURE_LEVELS)
  pressurePreference?: PressureLevel;
}

/**
 * Body of `POST /locations/:locationId/clients/:clientId/visit-updates`: "anything changed since your last
 * intake?" It makes a new intake version (kind `visit-update`) from the last one and screens it again.
 */
export class VisitUpdateRequestDto implements VisitUpdateSubmission {
  @ApiProperty({ example: false, description: 'Whether anything changed; false keeps every answer that is not re-asked (then only today\'s symptoms and the re-asked sections are sent).' })
  @IsBoolean()
  changed: boolean;

  @ApiProperty({ type: VisitUpdateAnswersDto, example: { symptomsToday: [], medications: [{ class: 'anticoagulant' }] } })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => VisitUpdateAnswersDto)
  answers: VisitUpdateAnswersDto;

  @ApiPropertyOptional({ type: [String], minItems: L.goalsMin, maxItems: L.goalsMax, description: 'New treatment goals (with changed: true); absent = the last ones hold.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(L.goalsMin)
  @ArrayMaxSize(L.goalsMax)
  @IsString({ each: true })
  @Length(L.goalMinLength, L.goalMaxLength, { each: true })
  goals?: string[];
}
