import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';

/**
 * An appointment's state as treatment's projection knows it: `booked`, `cancelled`, `no-show` and `completed` from
 * scheduling's events; `checked-in` when the client arrived (the draft note exists) and nothing later was heard.
 */
export const OWN_SESSION_STATUSES = ['booked', 'checked-in', 'completed', 'no-show', 'cancelled'] as const;
export type OwnSessionStatus = (typeof OWN_SESSION_STATUSES)[number];

/** One session the therapist gives that day: ids and codes only (treatment knows no names). */
export interface OwnSessionResponse {
  appointmentId: string;
  clientId: string;
  /** The booked service; null for an appointment treatment projected before it kept the service. */
  serviceId: string | null;
  /** Instants in UTC (ISO 8601). */
  startsAt: string;
  endsAt: string;
  /** The start on the location's clock, `HH:mm`. */
  localStartTime: string;
  status: OwnSessionStatus;
  /** The work planned at booking (or at the latest reschedule). */
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
  /** The session's SOAP note, opened as a draft at check-in; null before. */
  note: { id: string; status: 'draft' | 'signed' } | null;
  /** The client's active treatment plan at the location, if any. */
  activePlanId: string | null;
}

/** `GET /locations/:locationId/therapists/me/sessions?date=`: the actor's sessions of that local day, by start. */
export interface OwnSessionsResponse {
  locationId: string;
  /** The local day listed (`YYYY-MM-DD`): the one asked for, or today in the location's zone. */
  date: string;
  timeZone: string;
  sessions: OwnSessionResponse[];
}

/** The query of the own-sessions route. */
export interface OwnSessionsQuery {
  date?: string;
}
