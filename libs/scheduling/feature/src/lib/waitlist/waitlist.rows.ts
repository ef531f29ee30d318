import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import type { WaitlistEntryResponse, WaitlistOfferResponse } from '@massage/scheduling-api';
import type { LocalWindow, WaitlistEntry, WaitlistEntryStatus, WaitlistOfferStatus } from '@massage/scheduling-domain';
import type { Actor } from '@massage/security';
import type { EntityManager } from 'typeorm';

/** Scheduling itself, when its waitlist job offers, expires and re-offers slots (the audit trail says so). */
export const SCHEDULING_SERVICE_ACTOR: Actor = { subject: 'service:scheduling', role: 'service:scheduling', locationId: '*' };

/** A `waitlist_entry` row as SQL returns it (dates as text: a `date` never passes through a JS Date). */
export interface WaitlistEntryRow {
  id: string;
  location_id: string;
  client_id: string;
  service_id: string;
  therapist_id: string | null;
  first_day: string;
  last_day: string;
  preferred_times: LocalWindow[];
  techniques: Technique[];
  focus_regions: BodyRegion[];
  pressure: PressureLevel;
  status: WaitlistEntryStatus;
  requested_at: Date;
  appointment_id: string | null;
}

/** A `waitlist_offer` row. Its id is also the id of the `held` appointment row that holds its slot while open. */
export interface WaitlistOfferRow {
  id: string;
  entry_id: string;
  location_id: string;
  client_id: string;
  service_id: string;
  therapist_id: string;
  room_id: string;
  starts_at: Date;
  ends_at: Date;
  offered_at: Date;
  expires_at: Date;
  status: WaitlistOfferStatus;
  appointment_id: string | null;
}

const ENTRY_COLUMNS = `id, location_id, client_id, service_id, therapist_id, first_day::text, last_day::text, preferred_times, techniques, focus_regions, pressure, status,
  requested_at, appointment_id`;
const OFFER_COLUMNS = `id, entry_id, location_id, client_id, service_id, therapist_id, room_id, starts_at, ends_at, offered_at, expires_at, status, appointment_id`;

/** The location's entry (locked for the transaction when asked), or undefined. */
export async function findEntry(manager: EntityManager, locationId: string, id: string, lock = false): Promise<WaitlistEntryRow | undefined> {
  const [row] = (await manager.query(`SELECT ${ENTRY_COLUMNS} FROM waitlist_entry WHERE id = $1 AND location_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, locationId])) as WaitlistEntryRow[];
  return row;
}

/** The location's entries still waiting or offered a slot, first come first. */
export async function openEntries(manager: EntityManager, locationId: string): Promise<WaitlistEntryRow[]> {
  return (await manager.query(`SELECT ${ENTRY_COLUMNS} FROM waitlist_entry WHERE location_id = $1 AND status IN ('waiting', 'offered') ORDER BY requested_at, id`, [
    locationId,
  ])) as WaitlistEntryRow[];
}

/** The entry's open offer, if any (locked when asked). */
export async function openOfferOf(manager: EntityManager, entryId: string, lock = false): Promise<WaitlistOfferRow | undefined> {
  const [row] = (await manager.query(`SELECT ${OFFER_COLUMNS} FROM waitlist_offer WHERE entry_id = $1 AND status = 'open'${lock ? ' FOR UPDATE' : ''}`, [entryId])) as WaitlistOfferRow[];
  return row;
}

/** The offer shown with an entry: the open one, else the accepted one. */
async function shownOffers(manager: EntityManager, entryIds: readonly string[]): Promise<Map<string, WaitlistOfferRow>> {
  if (entryIds.length === 0) return new Map();
  const rows = (await manager.query(`SELECT ${OFFER_COLUMNS} FROM waitlist_offer WHERE entry_id = ANY($1) AND status IN ('open', 'accepted')`, [entryIds])) as WaitlistOfferRow[];
  return new Map(rows.map((r) => [r.entry_id, r]));
}

export async function toEntryResponses(manager: EntityManager, rows: readonly WaitlistEntryRow[]): Promise<WaitlistEntryResponse[]> {
  const offers = await shownOffers(
    manager,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toEntryResponse(r, offers.get(r.id)));
}

export function toEntryResponse(e: WaitlistEntryRow, offer: WaitlistOfferRow | undefined): WaitlistEntryResponse {
  return {
    id: e.id,
    locationId: e.location_id,
    clientId: e.client_id,
    serviceId: e.service_id,
    therapistId: e.therapist_id,
    from: e.first_day,
    to: e.last_day,
    preferredTimes: e.preferred_times,
    techniques: e.techniques,
    focusRegions: e.focus_regions,
    pressure: e.pressure,
    status: e.status,
    requestedAt: e.requested_at.toISOString(),
    offer: offer ? toOfferResponse(offer) : null,
    appointmentId: e.appointment_id,
  };
}

function toOfferResponse(o: WaitlistOfferRow): WaitlistOfferResponse {
  return {
    id: o.id,
    therapistId: o.therapist_id,
    roomId: o.room_id,
    startsAt: o.starts_at.toISOString(),
    endsAt: o.ends_at.toISOString(),
    offeredAt: o.offered_at.toISOString(),
    expiresAt: o.expires_at.toISOString(),
    status: o.status,
    appointmentId: o.appointment_id,
  };
}

/** The domain's entry from its row. */
export function toWaitlistEntry(r: WaitlistEntryRow): WaitlistEntry {
  return {
    id: r.id,
    clientId: r.client_id,
    serviceId: r.service_id,
    ...(r.therapist_id ? { therapistId: r.therapist_id } : {}),
    from: r.first_day,
    to: r.last_day,
    preferredTimes: r.preferred_times,
    requestedAt: r.requested_at,
    status: r.status,
    plan: { techniques: r.techniques, focusRegions: r.focus_regions, pressure: r.pressure },
  };
}
