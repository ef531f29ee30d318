import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import {
  API_WEEKDAYS,
  APPOINTMENT_STATUSES,
  CANCELLATION_REASONS,
  ClosureDto,
  OpeningDayDto,
  TIME_OFF_REASONS,
  type ApiWeekday,
  type AppointmentResponse,
  type AppointmentStatus,
  type AvailabilityResponse,
  type AvailableSlot,
  type CancellationReason,
  type CertificationResponse,
  type LicenceResponse,
  type LocationResponse,
  type RoomResponse,
  type ServiceResponse,
  type ShiftResponse,
  type TherapistResponse,
  type TimeOffReason,
  type TimeOffResponse,
} from '@massage/scheduling-api';
import { ApiProperty } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../intake/intake-responses.dto';

// Documentation of scheduling's answers, which the gateway relays unchanged; nothing validates them here.

export class RoomResponseDto implements RoomResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ example: 'room-2' }) code: string;
  @ApiProperty({ example: 'Room 2 (garden side)' }) name: string;
  @ApiProperty({ type: [String], example: ['prenatal-table'] }) equipment: string[];
}

export class ServiceResponseDto implements ServiceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ example: 'deep-tissue-60' }) code: string;
  @ApiProperty({ example: 'Deep tissue, 60 minutes' }) name: string;
  @ApiProperty({ example: 60 }) durationMinutes: number;
  @ApiProperty({ example: 15, description: 'Clean-up after each appointment: the therapist and the room stay blocked for it.' }) bufferMinutes: number;
  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['deep-tissue', 'trigger-point'] }) techniques: Technique[];
  @ApiProperty({ type: [String], example: [] }) requiredEquipment: string[];
}

export class LocationResponseDto implements LocationResponse {
  @ApiProperty({ example: 'downtown-toronto' }) code: string;
  @ApiProperty({ example: 'Downtown Toronto' }) name: string;
  @ApiProperty({ example: 'America/Toronto' }) timeZone: string;
  @ApiProperty({ example: 'CA-ON' }) jurisdiction: string;
  @ApiProperty({ type: [OpeningDayDto], description: 'Weekdays not listed are closed.' }) openingHours: OpeningDayDto[];
  @ApiProperty({ type: [ClosureDto] }) closures: ClosureDto[];
  @ApiProperty({ example: 1440, description: 'A cancellation later than this many minutes before the start is recorded as late.' }) cancellationWindowMinutes: number;
  @ApiProperty({ type: [RoomResponseDto] }) rooms: RoomResponseDto[];
  @ApiProperty({ type: [ServiceResponseDto] }) services: ServiceResponseDto[];
}

export class LicenceResponseDto implements LicenceResponse {
  @ApiProperty({ example: 'RMT-004217' }) number: string;
  @ApiProperty({ example: 'CA-ON' }) jurisdiction: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom: string | null;
  @ApiProperty({ format: 'date', example: '2027-12-31', description: 'Last day valid, included.' }) expiresOn: string;
}

export class CertificationResponseDto implements CertificationResponse {
  @ApiProperty({ enum: TECHNIQUES, example: 'deep-tissue' }) technique: Technique;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last day valid, included; null: does not expire.' }) expiresOn: string | null;
}

export class ShiftResponseDto implements ShiftResponse {
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ enum: API_WEEKDAYS, example: 'tuesday' }) weekday: ApiWeekday;
  @ApiProperty({ example: '09:00', description: 'Local time at the location.' }) from: string;
  @ApiProperty({ example: '17:00' }) to: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validTo: string | null;
}

export class TimeOffResponseDto implements TimeOffResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'Excluded.' }) to: string;
  @ApiProperty({ enum: TIME_OFF_REASONS }) reason: TimeOffReason;
}

export class TherapistResponseDto implements TherapistResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'therapist-7f3a', description: 'The staff identity the gateway asserts for this therapist.' }) subject: string;
  @ApiProperty({ example: 'Sam Rivera' }) displayName: string;
  @ApiProperty({ type: [String], example: ['downtown-toronto'], description: 'The locations the therapist works at.' }) locations: string[];
  @ApiProperty({ type: [LicenceResponseDto] }) licences: LicenceResponseDto[];
  @ApiProperty({ type: [CertificationResponseDto] }) certifications: CertificationResponseDto[];
  @ApiProperty({ type: [ShiftResponseDto] }) shifts: ShiftResponseDto[];
  @ApiProperty({ type: [TimeOffResponseDto] }) timeOff: TimeOffResponseDto[];
}

export class AppointmentResponseDto implements AppointmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) therapistId: string;
  @ApiProperty({ format: 'uuid' }) roomId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T14:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T15:00:00.000Z' }) endsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T15:15:00.000Z', description: 'End of the clean-up buffer: the therapist and the room are blocked until then.' }) blockedUntil: string;
  @ApiProperty({ enum: TECHNIQUES, isArray: true, example: ['swedish'] }) techniques: Technique[];
  @ApiProperty({ enum: BODY_REGIONS, isArray: true, example: ['upper-back', 'neck'] }) focusRegions: BodyRegion[];
  @ApiProperty({ enum: PRESSURE_LEVELS, example: 'P3' }) pressure: PressureLevel;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'booked' }) status: AppointmentStatus;
  @ApiProperty({ type: Boolean, nullable: true, example: null, description: "Set when cancelled: true when inside the location's cancellation window (a late cancellation)." })
  lateCancellation: boolean | null;
  @ApiProperty({ enum: CANCELLATION_REASONS, nullable: true, example: null }) cancellationReason: CancellationReason | null;
  @ApiProperty({ format: 'date-time' }) bookedAt: string;
}

export class AvailableSlotDto implements AvailableSlot {
  @ApiProperty({ format: 'date-time', example: '2026-03-09T13:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-09T14:00:00.000Z' }) endsAt: string;
  @ApiProperty({ format: 'date', example: '2026-03-09', description: 'Local date at the location (what the front desk reads out).' }) localDate: string;
  @ApiProperty({ example: '09:00', description: 'Local time at the location.' }) localTime: string;
  @ApiProperty({ format: 'uuid' }) therapistId: string;
  @ApiProperty({ format: 'uuid' }) roomId: string;
}

export class AvailabilityResponseDto implements AvailabilityResponse {
  @ApiProperty({ example: 'downtown-toronto' }) locationId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'America/Toronto' }) timeZone: string;
  @ApiProperty({ type: [AvailableSlotDto], description: 'Earliest first.' }) slots: AvailableSlotDto[];
}

/** A scheduling refusal: `type` ends in the rule (`…/problems/contraindicated`), `refusals` lists every rule broken. */
export class SchedulingProblemDto extends ProblemDetailsDto {
  @ApiProperty({ example: 'contraindicated', description: 'The rule that refused, as the end of `type` names it.' }) rule: string;
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true, properties: { rule: { type: 'string' } } },
    description: 'Each rule the request broke, with its codes (a screening rule such as `DVT_ACT`, the techniques and regions it forbids, the resource taken).',
    example: [{ rule: 'contraindicated', screeningRule: 'DVT_ACT', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] }],
  })
  refusals?: Record<string, unknown>[];
}
