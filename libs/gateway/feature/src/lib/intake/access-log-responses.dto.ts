import type { AccessLogEntry, AccessLogResponse } from '@massage/intake-api';
import { ApiProperty } from '@nestjs/swagger';

// Documentation of intake's access-log answer, which the gateway relays unchanged.

export class AccessLogActorDto {
  @ApiProperty({ example: 'therapist-7' }) subject: string;
  @ApiProperty({ example: 'therapist' }) role: string;
  @ApiProperty({ example: 'downtown', description: '`*` for hq-admin, `-` when the caller could not be identified.' }) locationId: string;
}

export class AccessLogEntryDto implements AccessLogEntry {
  @ApiProperty({ description: 'Position in the service’s audit record, in recording order (the hash chain’s own position travels on the audit topic).' }) seq: number;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: AccessLogActorDto }) actor: AccessLogActorDto;
  @ApiProperty({ enum: ['read', 'write'] }) action: 'read' | 'write';
  @ApiProperty({ example: 'intake.read', description: 'What was done, as a code (or a refused route’s permission, e.g. `intake:read`).' }) operation: string;
  @ApiProperty({ example: 'intake' }) resourceType: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) resourceId: string | null;
  @ApiProperty({ enum: ['allowed', 'refused', 'failed'] }) outcome: 'allowed' | 'refused' | 'failed';
  @ApiProperty({ type: String, nullable: true, example: 'not-found' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) correlationId: string | null;
}

export class AccessLogResponseDto implements AccessLogResponse {
  @ApiProperty({ type: [AccessLogEntryDto], description: 'Newest first.' }) items: AccessLogEntryDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before` for the next, older page; null on the last page.' }) nextBefore: number | null;
}
