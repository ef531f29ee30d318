import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BODY_REGIONS,
  PLAN_DISCONTINUATION_REASONS,
  PRESSURE_LEVELS,
  REFERRAL_SOURCES,
  TECHNIQUES,
  TREATMENT_EVENT_LIMITS as L,
  type BodyRegion,
  type PlanDiscontinuationReason,
  type PressureLevel,
  type ReferralSource,
  type Technique,
} from '@massage/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { DiscontinuePlanRequest, PlanGoalRequest, PlanTermsRequest } from './plan.api';
import { IsIcd10, IsId, IsIntWithin, IsLocalDate, IsScore } from './validators';

export class PlanGoalDto implements PlanGoalRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "A goal of the plan being revised (keeps its PSFS history); absent for a new goal." })
  @IsOptional()
  @IsId()
  goalId?: string;

  @ApiProperty({ example: 'Turn my head to reverse the car', description: "The activity in the client's words (stays in treatment; never in an event)." })
  @IsString()
  activity: string;

  @ApiProperty({ minimum: 0, maximum: 10, example: 3 })
  @IsScore()
  baselineScore: number;

  @ApiProperty({ minimum: 0, maximum: 10, example: 8 })
  @IsScore()
  targetScore: number;

  @ApiPropertyOptional({ format: 'date', example: '2026-04-30' })
  @IsOptional()
  @IsLocalDate()
  by?: string;
}

export class PlanFrequencyDto {
  @ApiProperty({ minimum: L.frequencySessions.min, maximum: L.frequencySessions.max, example: 1 })
  @IsIntWithin(L.frequencySessions)
  sessions: number;

  @ApiProperty({ minimum: L.frequencyEveryWeeks.min, maximum: L.frequencyEveryWeeks.max, example: 1 })
  @IsIntWithin(L.frequencyEveryWeeks)
  everyWeeks: number;
}

export class PlanReferralDto {
  @ApiProperty({ enum: REFERRAL_SOURCES, example: 'physiotherapist' })
  @IsIn(REFERRAL_SOURCES)
  source: ReferralSource;

  @ApiPropertyOptional({ example: 'Dr. A. Chen, Riverside Physio' })
  @IsOptional()
  @IsString()
  referrer?: string;

  @ApiPropertyOptional({ example: 'M54.2', description: 'What for, as an ICD-10 code.' })
  @IsOptional()
  @IsIcd10()
  reasonCode?: string;
}

/** Body of `POST …/plans` (with `Idempotency-Key`) and of `PUT …/plans/:planId` (the terms in full). */
export class PlanTermsRequestDto implements PlanTermsRequest {
  @ApiProperty({ type: [PlanGoalDto] })
  @IsArray()
  @ArrayMaxSize(L.maxGoals)
  @ValidateNested({ each: true })
  @Type(() => PlanGoalDto)
  goals: PlanGoalDto[];

  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['neck', 'upper-back'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(BODY_REGIONS, { each: true })
  focusRegions: BodyRegion[];

  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['myofascial-release', 'swedish'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TECHNIQUES, { each: true })
  techniques: Technique[];

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' })
  @IsIn(PRESSURE_LEVELS)
  maxPressure: PressureLevel;

  @ApiProperty({ type: PlanFrequencyDto })
  @ValidateNested()
  @Type(() => PlanFrequencyDto)
  frequency: PlanFrequencyDto;

  @ApiProperty({ minimum: L.plannedSessions.min, maximum: L.plannedSessions.max, example: 6 })
  @IsIntWithin(L.plannedSessions)
  plannedSessions: number;

  @ApiProperty({ format: 'date', example: '2026-04-15' })
  @IsLocalDate()
  reassessOn: string;

  @ApiPropertyOptional({ type: PlanReferralDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanReferralDto)
  referral?: PlanReferralDto;
}

/** Body of `POST …/plans/:planId/discontinue`. */
export class DiscontinuePlanRequestDto implements DiscontinuePlanRequest {
  @ApiProperty({ enum: PLAN_DISCONTINUATION_REASONS, example: 'client-request' })
  @IsIn(PLAN_DISCONTINUATION_REASONS)
  reason: PlanDiscontinuationReason;
}
