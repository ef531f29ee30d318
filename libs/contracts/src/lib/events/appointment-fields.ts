import { UUID_PATTERN, LOCATION_CODE_PATTERN } from '../domain/ids';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { TECHNIQUES, type Technique } from '../domain/techniques';
import { PRESSURE_LEVELS, type PressureLevel } from '../domain/screening-codes';

/** What every appointment event carries: which appointment, where, whose, with whom. Ids only. */
export interface AppointmentEventBaseV1 {
  appointmentId: string;
  locationId: string;
  clientId: string;
  therapistId: string;
}

/** The plan and the span of a booked appointment (booked or rescheduled): codes and instants. */
export interface AppointmentPlanV1 {
  roomId: string;
  serviceId: string;
  startsAt: string;
  endsAt: string;
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
}

export const APPOINTMENT_BASE_REQUIRED = ['appointmentId', 'locationId', 'clientId', 'therapistId'] as const;
export const APPOINTMENT_PLAN_REQUIRED = ['roomId', 'serviceId', 'startsAt', 'endsAt', 'techniques', 'focusRegions', 'pressure'] as const;

const uuid = { type: 'string', pattern: UUID_PATTERN } as const;
export const INSTANT = { type: 'string', format: 'date-time' } as const;

export const APPOINTMENT_BASE_PROPERTIES = {
  appointmentId: uuid,
  locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
  clientId: uuid,
  therapistId: uuid,
} as const;

export const APPOINTMENT_PLAN_PROPERTIES = {
  roomId: uuid,
  serviceId: uuid,
  startsAt: INSTANT,
  endsAt: INSTANT,
  techniques: { type: 'array', minItems: 1, items: { type: 'string', enum: TECHNIQUES }, uniqueItems: true },
  focusRegions: { type: 'array', items: { type: 'string', enum: BODY_REGIONS }, uniqueItems: true },
  pressure: { type: 'string', enum: PRESSURE_LEVELS },
} as const;

/** Appointment events go to the appointments topic keyed by appointment, so one appointment's events stay in order. */
export const byAppointment = (p: { appointmentId: string }): string => p.appointmentId;

/**
 * The schema of an appointment reaching a moment of its day (checked in, completed, no-show): the ids, the
 * start, and the instant named `at`. Written once for the three events; each declares its own payload type.
 */
export function appointmentMomentSchema(at: string): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: [...APPOINTMENT_BASE_REQUIRED, 'startsAt', at],
    properties: { ...APPOINTMENT_BASE_PROPERTIES, startsAt: INSTANT, [at]: INSTANT },
  };
}
