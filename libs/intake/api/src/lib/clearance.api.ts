import type { BodyRegion, ClearanceRevokeReason, ClearanceStatus, Positioning, PressureLevel, ScreeningOutcome, Technique } from '@massage/contracts';
import { CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT } from '@massage/intake-screening';

/**
 * Limits of the clearance routes, written once: the DTOs check them, and intake's clearance rules use the same
 * numbers (the expiry cap when no rule sets a default validity).
 */
export const CLEARANCE_LIMITS = {
  /** rules: how many rule codes one clearance may answer. */
  maxRules: 32,
  /** providerName: the physician or clinic, free text that never leaves intake. */
  providerNameMaxLength: 200,
  /** providerContact (address, fax, e-mail) and documentRef (a document id or URL). */
  referenceMaxLength: 500,
  /**
   * expiresAt when none of the clearance's rules sets a default validity (`clearanceValidDays`): required, and at
   * most this many days after recording (proposed; a clinical lead may ask for another number).
   */
  maxValidDaysWithoutDefault: CLEARANCE_MAX_VALID_DAYS_WITHOUT_DEFAULT,
} as const;

/** `all`, or a list of codes. */
export type AllOr<T extends string> = 'all' | T[];

/** Body of `POST …/clients/:clientId/clearances`: ask the client's physician for a clearance. */
export interface RequestClearanceRequest {
  /** Rule codes of the rule table in effect, each a rule with a CLEARANCE effect (e.g. `ONC_TX`, `SURG`). */
  rules: string[];
  /** The physician or clinic asked (free text; stays in intake, never on an event). */
  providerName: string;
  /** Where the letter goes (address, fax, e-mail), free text; stays in intake. */
  providerContact?: string;
  /** The techniques the therapist would like cleared (`all`, or a list). */
  techniques?: AllOr<Technique>;
  /** The sites the therapist would like cleared (`all`, or body regions). */
  sites?: AllOr<BodyRegion>;
  /** The deepest pressure asked for. */
  maxPressure?: PressureLevel;
}

/** The scope a physician cleared. */
export interface ClearanceScope {
  techniques: AllOr<Technique>;
  sites: AllOr<BodyRegion>;
  /** The deepest pressure cleared (P1–P5); absent = no cap set by the physician. */
  maxPressure?: PressureLevel;
  /** Positioning the physician asks for (may be empty). */
  positioning?: Positioning[];
}

/** Body of `POST …/clearances/:clearanceId/record`: the physician answered the request. */
export interface RecordClearanceRequest extends ClearanceScope {
  /**
   * When it stops counting (RFC 3339). Default: recording + the shortest default validity of its rules (each
   * rule's `clearanceValidDays` in the table in effect). It may shorten that, never lengthen it; without any
   * default it is required, at most `CLEARANCE_LIMITS.maxValidDaysWithoutDefault` days ahead.
   */
  expiresAt?: string;
  /** Where the physician's letter is kept (a document id or URL), not the letter. */
  documentRef: string;
  /** The physician who answered, when not the one asked. */
  providerName?: string;
  providerContact?: string;
}

/** Body of `POST …/clients/:clientId/clearances/recorded`: a letter brought in without a request. */
export interface RecordClearanceDirectRequest extends RecordClearanceRequest {
  rules: string[];
  providerName: string;
}

/** Body of `POST …/clearances/:clearanceId/revoke`. */
export interface RevokeClearanceRequest {
  reason: ClearanceRevokeReason;
}

/** A clearance as intake keeps it (health data: `clearance:read`). */
export interface ClearanceResponse {
  id: string;
  clientId: string;
  locationId: string;
  rules: string[];
  /** `requested`, `recorded`, `expired` or `revoked`. */
  status: ClearanceStatus;
  provider: { name: string; contact: string | null };
  /** What was asked, by whom and when; null when recorded from a letter without a request. */
  request: { techniques: AllOr<Technique> | null; sites: AllOr<BodyRegion> | null; maxPressure: PressureLevel | null; at: string; by: string } | null;
  /** What the physician cleared; null while requested. */
  scope: { techniques: AllOr<Technique>; sites: AllOr<BodyRegion>; maxPressure: PressureLevel | null; positioning: Positioning[] } | null;
  recordedAt: string | null;
  recordedBy: string | null;
  expiresAt: string | null;
  documentRef: string | null;
  expiredAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: ClearanceRevokeReason | null;
}

/** Answer of the record and revoke routes: the clearance, and the screening it caused (null before the client's first intake). */
export interface ClearanceChangeResponse {
  clearance: ClearanceResponse;
  screening: { id: string; outcome: ScreeningOutcome } | null;
}

/** Answer of `GET …/clients/:clientId/clearances`: newest first. */
export interface ClearanceListResponse {
  items: ClearanceResponse[];
}
