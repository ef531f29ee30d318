import {
  BODY_REGIONS,
  CLEARANCE_REVOKE_REASONS,
  CLEARANCE_STATUSES,
  POSITIONINGS,
  PRESSURE_LEVELS,
  SCREENING_OUTCOMES,
  TECHNIQUES,
  type BodyRegion,
  type ClearanceRevokeReason,
  type ClearanceStatus,
  type Positioning,
  type PressureLevel,
  type ScreeningOutcome,
  type Technique,
} from '@massage/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { AllOr, ClearanceChangeResponse, ClearanceListResponse, ClearanceResponse } from './clearance.api';

const allOr = (values: readonly string[]) => ({ oneOf: [{ type: 'string', enum: ['all'] }, { type: 'array', items: { type: 'string', enum: [...values] } }] });

export class ClearanceProviderDto {
  @ApiProperty({ example: 'Dr. Grace Hopper, Toronto General oncology' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'fax +1 416 555 0100' }) contact: string | null;
}

export class ClearanceRequestPartDto {
  @ApiProperty({ ...allOr(TECHNIQUES), nullable: true, example: ['deep-tissue'] }) techniques: AllOr<Technique> | null;
  @ApiProperty({ ...allOr(BODY_REGIONS), nullable: true, example: 'all' }) sites: AllOr<BodyRegion> | null;
  @ApiProperty({ enum: PRESSURE_LEVELS, nullable: true, example: 'P3' }) maxPressure: PressureLevel | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'therapist-1@downtown-toronto', description: 'Who asked (the verified subject).' }) by: string;
}

export class ClearanceScopeDto {
  @ApiProperty({ ...allOr(TECHNIQUES), example: ['deep-tissue', 'trigger-point'] }) techniques: AllOr<Technique>;
  @ApiProperty({ ...allOr(BODY_REGIONS), example: 'all' }) sites: AllOr<BodyRegion>;
  @ApiProperty({ enum: PRESSURE_LEVELS, nullable: true, example: 'P3' }) maxPressure: PressureLevel | null;
  @ApiProperty({ enum: POSITIONINGS, isArray: true, example: [] }) positioning: Positioning[];
}

/** OpenAPI of `ClearanceResponse`. */
export class ClearanceResponseDto implements ClearanceResponse {
  @ApiProperty({ format: 'uuid', example: '5b0c2a1e-8f3d-4c6b-9a7e-1d2c3b4a5f60' }) id: string;
  @ApiProperty({ format: 'uuid', example: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02' }) clientId: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ type: [String], example: ['ONC_TX'] }) rules: string[];
  @ApiProperty({ enum: CLEARANCE_STATUSES, example: 'recorded' }) status: ClearanceStatus;
  @ApiProperty({ type: ClearanceProviderDto }) provider: ClearanceProviderDto;
  @ApiProperty({ type: ClearanceRequestPartDto, nullable: true, description: 'Null when recorded from a letter without a request.' }) request: ClearanceRequestPartDto | null;
  @ApiProperty({ type: ClearanceScopeDto, nullable: true, description: 'What the physician cleared; null while requested.' }) scope: ClearanceScopeDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T10:00:00.000Z' }) recordedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'manager@downtown-toronto' }) recordedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-31T10:00:00.000Z', description: 'It counts until (excluding) this instant.' }) expiresAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'dms://letters/2026/000123' }) documentRef: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) expiredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) revokedBy: string | null;
  @ApiProperty({ enum: CLEARANCE_REVOKE_REASONS, nullable: true, example: null }) revokeReason: ClearanceRevokeReason | null;
}

export class ClearanceScreeningDto {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01' }) id: string;
  @ApiProperty({ enum: SCREENING_OUTCOMES, example: 'modified' }) outcome: ScreeningOutcome;
}

/** OpenAPI of `ClearanceChangeResponse` (record and revoke). */
export class ClearanceChangeResponseDto implements ClearanceChangeResponse {
  @ApiProperty({ type: ClearanceResponseDto }) clearance: ClearanceResponseDto;
  @ApiProperty({ type: ClearanceScreeningDto, nullable: true, description: 'The screening the change caused; null before the client’s first intake.' })
  screening: ClearanceScreeningDto | null;
}

export class ClearanceListResponseDto implements ClearanceListResponse {
  @ApiProperty({ type: [ClearanceResponseDto], description: 'Newest first.' }) items: ClearanceResponseDto[];
}
