import {
  BODY_REGIONS,
  POSITIONINGS,
  PRESSURE_LEVELS,
  RESTRICTION_KINDS,
  SCREENING_OUTCOMES,
  SCREENING_TRIGGERS,
  TECHNIQUES,
  type BodyRegion,
  type Positioning,
  type PressureLevel,
  type RestrictionKind,
  type ScreeningOutcome,
  type ScreeningTrigger,
  type Technique,
} from '@massage/contracts';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { IntakeResponse } from './intake.api';
import type { RestrictionResponse, ScreeningListResponse, ScreeningOutcomeResponse, ScreeningResponse, VisitUpdateResponse } from './screening.api';

const allOr = (values: readonly string[]) => ({ oneOf: [{ type: 'string', enum: ['all'] }, { type: 'array', items: { type: 'string', enum: [...values] } }] });

/** OpenAPI of `ScreeningOutcomeResponse` (what front desk sees). */
export class ScreeningOutcomeResponseDto implements ScreeningOutcomeResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01' }) id: string;
  @ApiProperty({ format: 'uuid', example: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02' }) clientId: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ format: 'uuid', example: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01', description: 'The intake (or visit update) screened.' }) intakeId: string;
  @ApiProperty({ example: '2026.1', description: 'The rule-table version used.' }) tableVersion: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:00:00.000Z', description: 'The instant screened for.' }) asOf: string;
  @ApiProperty({ enum: SCREENING_TRIGGERS, example: 'intake' }) trigger: ScreeningTrigger;
  @ApiProperty({ enum: SCREENING_OUTCOMES, example: 'modified', description: 'deferred: no massage today; clearance-required; restricted (local); modified; cleared.' })
  outcome: ScreeningOutcome;
}

export class RestrictionResponseDto implements RestrictionResponse {
  @ApiProperty({ example: 'ANTICOAG' }) rule: string;
  @ApiProperty({ enum: RESTRICTION_KINDS, example: 'MODIFY' }) kind: RestrictionKind;
  @ApiProperty({ ...allOr(TECHNIQUES), example: ['deep-tissue', 'trigger-point', 'sports'] }) techniques: 'all' | Technique[];
  @ApiProperty({ ...allOr(BODY_REGIONS), example: 'all' }) regions: 'all' | BodyRegion[];
  @ApiPropertyOptional({ enum: [...PRESSURE_LEVELS, 'none'], example: 'P2', description: '`none` = no work there; absent = no cap.' }) maxPressure?: PressureLevel | 'none';
  @ApiProperty({ enum: POSITIONINGS, isArray: true, example: [] }) positioning: Positioning[];
  @ApiPropertyOptional({ format: 'date-time', example: '2027-02-25T10:00:00.000Z' }) reScreenBy?: string;
  @ApiProperty({ example: 'cap-pressure', description: 'A short code from the rule table, never client text.' }) summary: string;
  @ApiProperty({ type: [String], example: ['medications.0'], description: 'The answers that fired the rule.' }) triggeredBy: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'For CLEARANCE: the clearance that satisfies it.' }) satisfiedBy?: string;
}

/** OpenAPI of `ScreeningResponse` (therapists in care, managers, HQ). */
export class ScreeningResponseDto extends ScreeningOutcomeResponseDto implements ScreeningResponse {
  @ApiProperty({ type: [RestrictionResponseDto] }) restrictions: RestrictionResponseDto[];
  @ApiProperty({ type: [String], example: ['ANTICOAG'], description: 'Rules whose questions the next visit update must answer again.' }) reAskEveryVisit: string[];
}

@ApiExtraModels(ScreeningResponseDto, ScreeningOutcomeResponseDto)
export class ScreeningListResponseDto implements ScreeningListResponse {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(ScreeningResponseDto) }, { $ref: getSchemaPath(ScreeningOutcomeResponseDto) }] },
    description: 'Latest first; outcome only for front desk.',
  })
  items: (ScreeningResponseDto | ScreeningOutcomeResponseDto)[];
}

/** OpenAPI of `VisitUpdateResponse`: the new intake version (kind `visit-update`) and its screening. */
@ApiExtraModels(ScreeningResponseDto, ScreeningOutcomeResponseDto)
export class VisitUpdateResponseDto implements VisitUpdateResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The new intake (IntakeResponse): kind visit-update, previousIntakeId, the complete answers.' })
  intake: IntakeResponse;

  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(ScreeningResponseDto) }, { $ref: getSchemaPath(ScreeningOutcomeResponseDto) }], description: 'Outcome only for front desk.' })
  screening: ScreeningResponseDto | ScreeningOutcomeResponseDto;
}
