import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BODY_REGIONS,
  NOTE_AMENDMENT_KINDS,
  PRESSURE_LEVELS,
  TECHNIQUES,
  TREATMENT_EVENT_LIMITS as L,
  type BodyRegion,
  type NoteAmendmentKind,
  type PressureLevel,
  type Technique,
} from '@massage/contracts';
import { ROM_JOINTS, ROM_MOVEMENTS, type RomJoint, type RomMovement } from '@massage/treatment-domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import type { AmendNoteRequest, NoteContentBody, PainLine, RangeOfMotionLine, WorkLine } from './note.api';
import { IsId, IsIntWithin, IsScore } from './validators';

export class WorkLineDto implements WorkLine {
  @ApiProperty({ enum: TECHNIQUES, example: 'myofascial-release' })
  @IsIn(TECHNIQUES)
  technique: Technique;

  @ApiProperty({ enum: BODY_REGIONS, example: 'neck' })
  @IsIn(BODY_REGIONS)
  region: BodyRegion;

  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' })
  @IsIn(PRESSURE_LEVELS)
  pressure: PressureLevel;

  @ApiProperty({ minimum: L.workMinutes.min, maximum: L.workMinutes.max, example: 20 })
  @IsIntWithin(L.workMinutes)
  minutes: number;
}

export class PainLineDto implements PainLine {
  @ApiProperty({ enum: BODY_REGIONS, example: 'neck' })
  @IsIn(BODY_REGIONS)
  region: BodyRegion;

  @ApiProperty({ minimum: 0, maximum: 10, example: 6 })
  @IsScore()
  before: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, example: 3 })
  @IsOptional()
  @IsScore()
  after?: number;
}

export class RangeOfMotionLineDto implements RangeOfMotionLine {
  @ApiProperty({ enum: ROM_JOINTS, example: 'cervical-spine' })
  @IsIn(ROM_JOINTS)
  joint: RomJoint;

  @ApiPropertyOptional({ enum: ['left', 'right'] })
  @IsOptional()
  @IsIn(['left', 'right'])
  side?: 'left' | 'right';

  @ApiProperty({ enum: ROM_MOVEMENTS, example: 'rotation-left' })
  @IsIn(ROM_MOVEMENTS)
  movement: RomMovement;

  @ApiProperty({ enum: ['active', 'passive'], example: 'active' })
  @IsIn(['active', 'passive'])
  mode: 'active' | 'passive';

  @ApiProperty({ minimum: 0, maximum: 360, example: 55 })
  @IsInt()
  @Min(0)
  @Max(360)
  degrees: number;
}

export class FunctionScoreDto {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  goalId: string;

  @ApiProperty({ minimum: 0, maximum: 10, example: 5 })
  @IsScore()
  score: number;
}

/** Body of `PUT …/sessions/:appointmentId/note` (the draft in full) and the `content` of an amendment. */
export class NoteContentDto implements NoteContentBody {
  @ApiPropertyOptional({ description: "S: the client's own words." })
  @IsOptional()
  @IsString()
  subjective?: string;

  @ApiPropertyOptional({ description: 'O: posture, palpation, trigger points.' })
  @IsOptional()
  @IsString()
  objective?: string;

  @ApiProperty({ type: [RangeOfMotionLineDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RangeOfMotionLineDto)
  rangeOfMotion: RangeOfMotionLineDto[];

  @ApiProperty({ type: [WorkLineDto] })
  @IsArray()
  @ArrayMaxSize(L.maxWorkLines)
  @ValidateNested({ each: true })
  @Type(() => WorkLineDto)
  work: WorkLineDto[];

  @ApiProperty({ type: [PainLineDto] })
  @IsArray()
  @ArrayMaxSize(BODY_REGIONS.length)
  @ValidateNested({ each: true })
  @Type(() => PainLineDto)
  pain: PainLineDto[];

  @ApiProperty({ type: [FunctionScoreDto] })
  @IsArray()
  @ArrayMaxSize(L.maxGoals)
  @ValidateNested({ each: true })
  @Type(() => FunctionScoreDto)
  functionScores: FunctionScoreDto[];

  @ApiPropertyOptional({ description: 'A: response to treatment, progress towards the goals.' })
  @IsOptional()
  @IsString()
  assessment?: string;

  @ApiPropertyOptional({ description: 'P: next focus, home care, referrals.' })
  @IsOptional()
  @IsString()
  plan?: string;
}

/** Body of `POST …/note/amendments`. */
export class AmendNoteRequestDto implements AmendNoteRequest {
  @ApiProperty({ enum: NOTE_AMENDMENT_KINDS, example: 'correction' })
  @IsIn(NOTE_AMENDMENT_KINDS)
  kind: NoteAmendmentKind;

  @ApiProperty({ example: 'Pain after was recorded for the wrong region.' })
  @IsString()
  reason: string;

  @ApiProperty({ type: NoteContentDto })
  @ValidateNested()
  @Type(() => NoteContentDto)
  content: NoteContentDto;
}
