import type { BodyRegion, ConditionCode, MedicationCode, PressurePreference } from '@massage/contracts';

/** One health condition the client reports, coded from `CONDITION_CODES`. */
export interface ConditionAnswer {
  /** Condition code from `CONDITION_CODES` (each code at most once per intake). */
  code: ConditionCode;
  /** Optional free-text detail in the client's words, up to 500 characters (never leaves intake). */
  note?: string;
}

/** One medication the client takes. */
export interface MedicationAnswer {
  /** Medication class from `MEDICATION_CODES`. */
  code: MedicationCode;
  /** Medication name as the client gives it, 1–500 characters (never leaves intake). */
  name: string;
}

/** Whether the client had an injury or surgery recently, and what. */
export interface RecentInjuryOrSurgeryAnswer {
  /** True when the client had an injury or surgery recently. */
  present: boolean;
  /** What happened and where, up to 500 characters; required when `present` is true, refused when false. */
  description?: string;
  /** When it happened, `YYYY-MM-DD`, not in the future; optional when `present` is true, refused when false. */
  date?: string;
}

/** Pain the client reports in one body region. */
export interface PainAreaAnswer {
  /** Body region from `BODY_REGIONS` (each region at most once per intake). */
  region: BodyRegion;
  /** Numeric pain rating, integer 0 (none) to 10 (worst imaginable). */
  rating: number;
}

/** The client's signed consent to treatment. */
export interface ConsentRequest {
  /** Must be true: an intake without consent is refused with 400. */
  given: boolean;
  /** Name the client signed with, 1–100 characters. */
  signedName: string;
  /** When the client signed (RFC 3339 date-time with offset); not more than 5 minutes in the future. */
  signedAt: string;
}

/** Body of `POST /clients/:clientId/intakes`: a completed, signed intake form. */
export interface SubmitIntakeRequest {
  /** Version of the intake form the client saw and signed, e.g. `2025.1` (1–32 chars of `A-Za-z0-9._-`). */
  formVersion: string;
  /** Health conditions reported (may be empty), at most one entry per code. */
  conditions: ConditionAnswer[];
  /** Medications taken (may be empty). */
  medications: MedicationAnswer[];
  /** Recent injury or surgery. */
  recentInjuryOrSurgery: RecentInjuryOrSurgeryAnswer;
  /** Pain areas with ratings (may be empty), at most one entry per region. */
  painAreas: PainAreaAnswer[];
  /** Treatment goals in the client's words: 1–10 entries of 1–200 characters. */
  goals: string[];
  /** Preferred pressure from `PRESSURE_PREFERENCES`. */
  pressurePreference: PressurePreference;
  /** Signed consent; `given` must be true. */
  consent: ConsentRequest;
}

/** Consent as stored with an intake. */
export interface ConsentResponse {
  /** Always true: intakes without consent are never stored. */
  given: true;
  /** Name the client signed with. */
  signedName: string;
  /** When the client signed (RFC 3339, UTC). */
  signedAt: string;
}

/** A stored intake (answer of `POST /clients/:clientId/intakes` and the intake GET routes). */
export interface IntakeResponse {
  /** Intake id (uuid), assigned by intake. */
  id: string;
  /** Client the intake belongs to. */
  clientId: string;
  /** Location code where the intake was taken. */
  locationId: string;
  /** Version of the form the answers are pinned to. */
  formVersion: string;
  /** When intake received the submission (RFC 3339, UTC). */
  submittedAt: string;
  /** Health conditions as submitted. */
  conditions: ConditionAnswer[];
  /** Medications as submitted. */
  medications: MedicationAnswer[];
  /** Recent injury or surgery as submitted. */
  recentInjuryOrSurgery: RecentInjuryOrSurgeryAnswer;
  /** Pain areas with ratings as submitted. */
  painAreas: PainAreaAnswer[];
  /** Treatment goals as submitted. */
  goals: string[];
  /** Preferred pressure. */
  pressurePreference: PressurePreference;
  /** Signed consent. */
  consent: ConsentResponse;
}

/** Answer of `GET /clients/:clientId/intakes`: the client's intakes, latest first. */
export interface IntakeListResponse {
  /** Intakes of the client, most recently submitted first. */
  items: IntakeResponse[];
}
