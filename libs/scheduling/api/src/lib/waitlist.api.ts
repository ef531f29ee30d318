import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import type { WaitlistEntryStatus, WaitlistOfferStatus } from '@massage/scheduling-domain';
import type { LocalWindowBody } from './location.api';

export { WAITLIST_ENTRY_STATUSES, WAITLIST_OFFER_STATUSES, type WaitlistEntryStatus, type WaitlistOfferStatus } from '@massage/scheduling-domain';

/** Body of `POST /locations/:locationId/waitlist` (with `Idempotency-Key`): what the client waits for, and the plan every booking check runs on. */
export interface JoinWaitlistRequest {
  clientId: string;
  serviceId: string;
  /** Only this therapist; absent = any therapist of the location. */
  therapistId?: string;
  /** First and last local date (both included) the client can come. */
  from: string;
  to: string;
  /** Local windows the appointment should start in (`[from, to)`); absent or empty = any time. */
  preferredTimes?: LocalWindowBody[];
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
}

/** A freed slot held for the entry's client. */
export interface WaitlistOfferResponse {
  id: string;
  therapistId: string;
  roomId: string;
  startsAt: string;
  endsAt: string;
  offeredAt: string;
  /** The slot is held until then (the location's hold, never past the start). */
  expiresAt: string;
  status: WaitlistOfferStatus;
  /** The appointment booked by accepting it. */
  appointmentId: string | null;
}

export interface WaitlistEntryResponse {
  id: string;
  locationId: string;
  clientId: string;
  serviceId: string;
  therapistId: string | null;
  from: string;
  to: string;
  preferredTimes: LocalWindowBody[];
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
  status: WaitlistEntryStatus;
  requestedAt: string;
  /** The open offer (status `offered`), or the accepted one (status `booked`); null otherwise. */
  offer: WaitlistOfferResponse | null;
  appointmentId: string | null;
}

/** `GET /locations/:locationId/waitlist`: the entries still waiting or offered a slot, first come first. */
export interface WaitlistResponse {
  locationId: string;
  entries: WaitlistEntryResponse[];
}
