import { INTAKE_KINDS, type IntakeKind } from '@massage/contracts';
import {
  HealthAnswersDto,
  PREFERRED_CHANNELS,
  type ClientResponse,
  type ConsentResponse,
  type IntakeListResponse,
  type IntakeResponse,
  type PreferredChannel,
} from '@massage/intake-api';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Documentation of intake's answers, which the gateway relays unchanged; nothing validates them here.

export class ClientResponseDto implements ClientResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'downtown' }) locationId: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: String, format: 'email', nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+14165550123' }) phone: string | null;
  @ApiProperty({ enum: PREFERRED_CHANNELS }) preferredChannel: PreferredChannel;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
}

export class ConsentResponseDto implements ConsentResponse {
  @ApiProperty({ enum: [true] }) given: true;
  @ApiProperty({ example: 'consent-2026-11', description: 'The consent text signed; `legacy-unversioned` on intakes taken on form v1.' }) textVersion: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of that text; null only for `legacy-unversioned`.' })
  textHash: string | null;
  @ApiProperty() signedName: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ format: 'date-time', description: 'Consent lapses at this instant, one year after signing.' }) validUntil: string;
}

export class IntakeAnswersResponseDto extends HealthAnswersDto {
  @ApiPropertyOptional({ type: [String], example: ['pregnancy.weeks'], description: 'Only on intakes migrated from form v1: the answers v1 never asked (their values are placeholders).' })
  declare unanswered?: string[];
}

export class IntakeResponseDto implements IntakeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() locationId: string;
  @ApiProperty({ example: 'intake-2026-11', description: 'The form the answers are pinned to (v1 labels such as `2026.1` on older intakes).' }) formVersion: string;
  @ApiProperty({ enum: INTAKE_KINDS, description: '`full` form, or `visit-update` ("anything changed?") before a visit.' }) kind: IntakeKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The client's intake this one follows; null for the first." }) previousIntakeId: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: IntakeAnswersResponseDto, description: 'Always complete. On intakes taken on form v1, mapped to v2; `answers.unanswered` lists what v1 never asked.' })
  answers: IntakeAnswersResponseDto;
  @ApiProperty({ type: [String] }) goals: string[];
  @ApiProperty({ type: ConsentResponseDto }) consent: ConsentResponseDto;
}

export class IntakeListResponseDto implements IntakeListResponse {
  @ApiProperty({ type: [IntakeResponseDto], description: 'Latest first.' }) items: IntakeResponseDto[];
}

/** RFC 9457 problem details, as every error is answered. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://massage.example/problems/400' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ required: false }) detail?: string;
  @ApiProperty({ required: false }) instance?: string;
  @ApiProperty({
    required: false,
    name: 'invalid-params',
    type: 'array',
    items: { type: 'object', properties: { name: { type: 'string', example: 'painAreas.0.rating' }, reason: { type: 'string' } } },
  })
  'invalid-params'?: { name: string; reason: string }[];
}
