import { PRESSURE_PREFERENCES, type PressurePreference } from '@massage/contracts';
import {
  ConditionAnswerDto,
  MedicationAnswerDto,
  PainAreaAnswerDto,
  PREFERRED_CHANNELS,
  RecentInjuryOrSurgeryAnswerDto,
  type ClientResponse,
  type ConsentResponse,
  type IntakeListResponse,
  type IntakeResponse,
  type PreferredChannel,
} from '@massage/intake-api';
import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty() signedName: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
}

export class IntakeResponseDto implements IntakeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() locationId: string;
  @ApiProperty() formVersion: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: [ConditionAnswerDto] }) conditions: ConditionAnswerDto[];
  @ApiProperty({ type: [MedicationAnswerDto] }) medications: MedicationAnswerDto[];
  @ApiProperty({ type: RecentInjuryOrSurgeryAnswerDto }) recentInjuryOrSurgery: RecentInjuryOrSurgeryAnswerDto;
  @ApiProperty({ type: [PainAreaAnswerDto] }) painAreas: PainAreaAnswerDto[];
  @ApiProperty({ type: [String] }) goals: string[];
  @ApiProperty({ enum: PRESSURE_PREFERENCES }) pressurePreference: PressurePreference;
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
