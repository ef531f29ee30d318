import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import {
  LocalWindowDto,
  WAITLIST_ENTRY_STATUSES,
  WAITLIST_OFFER_STATUSES,
  type SeriesBookedSession,
  type SeriesBookingResponse,
  type SeriesRefusedSession,
  type WaitlistEntryResponse,
  type WaitlistEntryStatus,
  type WaitlistOfferResponse,
  type WaitlistOfferStatus,
  type WaitlistResponse,
} from '@massage/scheduling-api';
import { ApiProperty } from '@nestjs/swagger';
import { AppointmentResponseDto } from './scheduling-responses.dto';

// Documentation of scheduling's waitlist and series answers, which the gateway relays unchanged.

export class WaitlistOfferResponseDto implements WaitlistOfferResponse {
  @ApiProperty({ format: 'uuid', description: 'Also the id of the appointment it becomes when accepted (while open: an appointment with status `held`).' }) id: string;
  @ApiProperty({ format: 'uuid' }) therapistId: string;
  @ApiProperty({ format: 'uuid' }) roomId: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-10T18:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-10T19:00:00.000Z' }) endsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T13:00:00.000Z' }) offeredAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T15:00:00.000Z', description: "The slot is held until then: the location's hold (default 2 h), never past the start." }) expiresAt: string;
  @ApiProperty({ enum: WAITLIST_OFFER_STATUSES, example: 'open' }) status: WaitlistOfferStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) appointmentId: string | null;
}

export class WaitlistEntryResponseDto implements WaitlistEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'Null: any therapist.' }) therapistId: string | null;
  @ApiProperty({ format: 'date', example: '2026-03-09' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-03-20' }) to: string;
  @ApiProperty({ type: [LocalWindowDto], example: [{ from: '09:00', to: '12:00' }], description: 'Empty: any time.' }) preferredTimes: LocalWindowDto[];
  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish'] }) techniques: Technique[];
  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['upper-back'] }) focusRegions: BodyRegion[];
  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' }) pressure: PressureLevel;
  @ApiProperty({ enum: WAITLIST_ENTRY_STATUSES, example: 'offered' }) status: WaitlistEntryStatus;
  @ApiProperty({ format: 'date-time', description: 'First come, first served: offers go in this order.' }) requestedAt: string;
  @ApiProperty({ type: WaitlistOfferResponseDto, nullable: true, description: 'The open offer (status `offered`) or the accepted one (`booked`).' }) offer: WaitlistOfferResponseDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) appointmentId: string | null;
}

export class WaitlistResponseDto implements WaitlistResponse {
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ type: [WaitlistEntryResponseDto], description: 'Entries waiting or offered a slot, first come first.' }) entries: WaitlistEntryResponseDto[];
}

export class SeriesBookedSessionDto implements SeriesBookedSession {
  @ApiProperty({ example: 0 }) index: number;
  @ApiProperty({ format: 'date', example: '2026-10-05' }) localDate: string;
  @ApiProperty({ example: '10:00' }) localTime: string;
  @ApiProperty({ type: AppointmentResponseDto }) appointment: AppointmentResponseDto;
}

export class SeriesRefusedSessionDto implements SeriesRefusedSession {
  @ApiProperty({ example: 3 }) index: number;
  @ApiProperty({ format: 'date', example: '2026-11-16' }) localDate: string;
  @ApiProperty({ example: '10:00' }) localTime: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-16T15:00:00.000Z', description: 'Null when the local time does not exist that day.' }) startsAt: string | null;
  @ApiProperty({ example: 'outside-hours', description: 'The rule that refused it, as a single booking would name it, or `nonexistent-local-time`.' }) rule: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ rule: 'outside-hours', reason: 'time-off' }] }) refusals: SeriesRefusedSession['refusals'];
}

export class SeriesBookingResponseDto implements SeriesBookingResponse {
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) therapistId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'America/Toronto' }) timeZone: string;
  @ApiProperty({ example: 6 }) count: number;
  @ApiProperty({ example: 2 }) everyWeeks: number;
  @ApiProperty({ type: [SeriesBookedSessionDto] }) booked: SeriesBookedSessionDto[];
  @ApiProperty({ type: [SeriesRefusedSessionDto], description: 'Each session that could not be booked, with the rule that refused it.' }) refused: SeriesRefusedSessionDto[];
}
