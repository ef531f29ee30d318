import type { EntityManager } from 'typeorm';
import type { WaitlistOfferRow } from './waitlist.rows';

/** How an open offer can end without being accepted, and what its slot's freeing is recorded as. */
export type UnacceptedEnd = 'declined' | 'expired' | 'withdrawn';

/** An open offer that may hold the booked slot for its client (what `claimOwnHold` locks and checks again). */
export type HoldCandidate = { id: string; entry_id: string };

/**
 * The client's open, unexpired offer for this very slot (same therapist, service and start), with the statement's
 * own placeholders: a booking reads it with the rest of its snapshot (`found` of `claimOwnHold`), after its locks.
 */
export function ownHoldCandidate($: Record<'location' | 'client' | 'therapist' | 'service' | 'start' | 'now', string>): string {
  return `SELECT id, entry_id FROM waitlist_offer
     WHERE location_id = ${$.location} AND client_id = ${$.client} AND therapist_id = ${$.therapist} AND service_id = ${$.service} AND starts_at = ${$.start} AND status = 'open' AND expires_at > ${$.now}`;
}

/**
 * Takes over the client's own hold when a booking is for the very slot a waitlist offer holds for them (same
 * client, therapist, service and start, offer still open and not expired): the entry and the offer are locked
 * (in that order, as every waitlist change does), the `held` row is removed so the booking's own check and
 * insert take its place, and the offer is returned so the booking records it accepted under the hold's id.
 * The caller already holds the booking's advisory locks. Undefined when no such offer exists: the hold then
 * refuses the booking like any other (`slot-taken`). The candidate is the booking's read (`ownHoldCandidate`).
 */
export async function claimOwnHold(manager: EntityManager, candidate: HoldCandidate | undefined, now: Date): Promise<WaitlistOfferRow | undefined> {
  if (!candidate) return undefined;
  await manager.query(`SELECT 1 FROM waitlist_entry WHERE id = $1 FOR UPDATE`, [candidate.entry_id]);
  const [offer] = (await manager.query(
    `SELECT id, entry_id, location_id, client_id, service_id, therapist_id, room_id, starts_at, ends_at, offered_at, expires_at, status, appointment_id
     FROM waitlist_offer WHERE id = $1 AND status = 'open' AND expires_at > $2 FOR UPDATE`,
    [candidate.id, now],
  )) as WaitlistOfferRow[];
  if (!offer) return undefined;
  await manager.query(`DELETE FROM appointment WHERE id = $1 AND status = 'held'`, [offer.id]);
  return offer;
}

/** The offer was accepted by booking `appointmentId`: the offer and its entry are done. */
export async function recordOfferAccepted(manager: EntityManager, offer: Pick<WaitlistOfferRow, 'id' | 'entry_id'>, appointmentId: string, now: Date): Promise<void> {
  await manager.query(`UPDATE waitlist_offer SET status = 'accepted', closed_at = $2, appointment_id = $3 WHERE id = $1 AND status = 'open'`, [offer.id, now, appointmentId]);
  await manager.query(`UPDATE waitlist_entry SET status = 'booked', appointment_id = $2, updated_at = $3 WHERE id = $1`, [offer.entry_id, appointmentId, now]);
}

/**
 * Ends an open offer that was not accepted (the caller holds the entry's lock): the offer is closed, its `held`
 * row removed, and the slot queued to be offered to the next waiting client. The entry waits again (declined or
 * expired: another slot may suit) unless the client left. False when the offer was no longer open.
 */
export async function endUnacceptedOffer(manager: EntityManager, offer: Pick<WaitlistOfferRow, 'id' | 'entry_id' | 'location_id' | 'therapist_id' | 'starts_at'>, end: UnacceptedEnd, now: Date): Promise<boolean> {
  const closed = (await manager.query(`UPDATE waitlist_offer SET status = $2, closed_at = $3 WHERE id = $1 AND status = 'open' RETURNING id`, [offer.id, end, now])) as [unknown[], number];
  if (closed[1] !== 1) return false;
  await manager.query(`DELETE FROM appointment WHERE id = $1 AND status = 'held'`, [offer.id]);
  await manager.query(`UPDATE waitlist_entry SET status = $2, updated_at = $3 WHERE id = $1`, [offer.entry_id, end === 'withdrawn' ? 'left' : 'waiting', now]);
  await manager.query(`INSERT INTO waitlist_freed_slot (location_id, therapist_id, starts_at, cause, source_id) VALUES ($1, $2, $3, $4, $5)`, [
    offer.location_id,
    offer.therapist_id,
    offer.starts_at,
    `offer-${end}`,
    offer.id,
  ]);
  return true;
}
