import type { Technique } from '@massage/contracts';
import type { ApiWeekday, TimeOffReason } from './scheduling-http.constants';

/** Body of `PUT …/therapists/:therapistId/licence` (and the optional licence of a registration). */
export interface RecordLicenceRequest {
  number: string;
  /** `CA-ON`, `GB`: where it is valid. */
  jurisdiction: string;
  /** First day valid (`YYYY-MM-DD`), if known. */
  validFrom?: string;
  /** Last day valid, included. */
  expiresOn: string;
}

/** Body of `PUT …/therapists/:therapistId/certifications/:technique`. */
export interface RecordCertificationRequest {
  validFrom?: string;
  /** Last day valid, included; absent = does not expire. */
  expiresOn?: string;
}

export interface ShiftBody {
  weekday: ApiWeekday;
  /** Local `HH:mm` at the location. */
  from: string;
  to: string;
  validFrom?: string;
  validTo?: string;
}

/** Body of `PUT …/therapists/:therapistId/shifts`: every weekly shift at this location (replaces the ones before). */
export interface SetShiftsRequest {
  shifts: ShiftBody[];
}

/** Body of `POST …/therapists/:therapistId/time-off`: `[from, to)`, instants with an offset. */
export interface AddTimeOffRequest {
  from: string;
  to: string;
  reason: TimeOffReason;
}

/** Body of `POST /locations/:locationId/therapists`. */
export interface RegisterTherapistRequest {
  /** The staff identity the gateway asserts for this therapist (an opaque subject). */
  subject: string;
  displayName: string;
  licence?: RecordLicenceRequest;
}

export interface LicenceResponse {
  number: string;
  jurisdiction: string;
  validFrom: string | null;
  expiresOn: string;
}

export interface CertificationResponse {
  technique: Technique;
  validFrom: string | null;
  expiresOn: string | null;
}

export interface ShiftResponse {
  locationId: string;
  weekday: ApiWeekday;
  from: string;
  to: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface TimeOffResponse {
  id: string;
  from: string;
  to: string;
  reason: TimeOffReason;
}

export interface TherapistResponse {
  id: string;
  subject: string;
  displayName: string;
  locations: string[];
  licences: LicenceResponse[];
  certifications: CertificationResponse[];
  shifts: ShiftResponse[];
  timeOff: TimeOffResponse[];
}
