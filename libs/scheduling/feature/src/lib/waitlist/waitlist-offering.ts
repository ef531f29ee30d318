import { randomUUID } from 'node:crypto';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { WaitlistSlotOffered } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import {
  checkBooking,
  firstBookableCandidate,
  offerExpiresAt,
  waitlistCandidates,
  type BookingContext,
  type BookingDecision,
  type BookingRequest,
  type FreedSlot,
  type WaitlistEntry,
} from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { loadBookingContext } from '../appointments/booking-context';
import { lockBookingKeys } from '../appointments/booking-locks';
import { withDeadlockRetry } from '../appointments/slot-conflict';
import { endUnacceptedOffer } from './slot-holds';
import { SCHEDULING_SERVICE_ACTOR, toWaitlistEntry, type WaitlistEntryRow, type WaitlistOfferRow } from './waitlist.rows';

/** Items handled per query; a run keeps going while a batch comes back full. */
const BATCH = 100;
/** The waiting entries asked about one freed slot, first come first (the rest wait for the next slot). */
const MAX_CANDIDATES = 50;

interface FreedSlotRow {
  seq: string;
  location_id: string;
  therapist_id: string;
  starts_at: Date;
}

/**
 * The waitlist's work at an instant (run by WaitlistJob on every replica): open offers whose hold has expired
 * end (their slot goes back in the queue), then every queued freed slot is offered to the first waiting client
 * it suits and the booking checks allow, held by a `held` appointment row under the exclusion constraints.
 * Each item is one transaction that claims its row (SKIP LOCKED, guarded updates), so replicas never do one
 * twice; an item that fails stays for the next run.
 */
@Injectable()
export class WaitlistOffering {
  private readonly logger = new Logger(WaitlistOffering.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  /** Does everything due at `now`; resolves to the next offer expiry (undefined when no offer is open). Rejects after the others when an item failed. */
  async runDue(now: Date): Promise<Date | undefined> {
    const failures: string[] = [];
    const attempt = async (what: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        await withDeadlockRetry(run);
      } catch (error: unknown) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    for (let batch = await this.dueOffers(now); batch.length > 0; batch = batch.length < BATCH ? [] : await this.dueOffers(now)) {
      for (const offer of batch) await attempt(`offer ${offer.id}`, () => this.expire(offer, now));
      if (failures.length > 0) break;
    }
    // Each queued slot once per run: one another replica holds (SKIP LOCKED) or that failed is left for later.
    const tried: string[] = [];
    for (let seq = await this.nextFreedSlot(tried); seq !== undefined; seq = await this.nextFreedSlot(tried)) {
      tried.push(seq);
      await attempt(`freed slot ${seq}`, () => this.offerFreedSlot(seq, now));
    }
    if (failures.length > 0) throw new Error(`${failures.length} waitlist item(s) failed (first: ${failures[0]})`);
    const [next] = (await this.dataSource.query(`SELECT min(expires_at) AS next FROM waitlist_offer WHERE status = 'open'`)) as { next: Date | null }[];
    return next?.next ? new Date(next.next) : undefined;
  }

  private async dueOffers(now: Date): Promise<Pick<WaitlistOfferRow, 'id' | 'entry_id'>[]> {
    return (await this.dataSource.query(`SELECT id, entry_id FROM waitlist_offer WHERE status = 'open' AND expires_at <= $1 ORDER BY expires_at, id LIMIT ${BATCH}`, [now])) as Pick<
      WaitlistOfferRow,
      'id' | 'entry_id'
    >[];
  }

  private async nextFreedSlot(tried: readonly string[]): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT seq::text FROM waitlist_freed_slot WHERE NOT (seq::text = ANY($1)) ORDER BY seq LIMIT 1`, [tried])) as { seq: string }[];
    return row?.seq;
  }

  /** Ends one expired offer (entry, then offer locked, as every waitlist change does); nothing when another replica or the client got there first. */
  async expire(ref: Pick<WaitlistOfferRow, 'id' | 'entry_id'>, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM waitlist_entry WHERE id = $1 FOR UPDATE`, [ref.entry_id]);
      const [offer] = (await manager.query(
        `SELECT id, entry_id, location_id, client_id, therapist_id, starts_at FROM waitlist_offer WHERE id = $1 AND status = 'open' AND expires_at <= $2 FOR UPDATE`,
        [ref.id, now],
      )) as Pick<WaitlistOfferRow, 'id' | 'entry_id' | 'location_id' | 'client_id' | 'therapist_id' | 'starts_at'>[];
      if (!offer || !(await endUnacceptedOffer(manager, offer, 'expired', now))) return false;
      await this.audit.record(manager, {
        actor: SCHEDULING_SERVICE_ACTOR,
        action: 'write',
        operation: 'waitlist.offer-expire',
        resourceType: 'waitlist-entry',
        resourceId: offer.entry_id,
        clientId: offer.client_id,
        locationId: offer.location_id,
        outcome: 'allowed',
        correlationId: randomUUID(),
      });
      return true;
    });
  }

  /**
   * Offers one queued freed slot (claimed with SKIP LOCKED, removed in the same transaction): a slot that has
   * begun, or that no waiting client may take, is dropped; otherwise the first candidate whose booking check
   * passes is offered it. The therapist's and every candidate's advisory locks are taken (one statement, the
   * booking's order) before the calendar is read, so a concurrent booking either comes first and is seen, or
   * waits and then meets the hold.
   */
  async offerFreedSlot(seq: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [slot] = (await manager.query(`SELECT seq::text, location_id, therapist_id, starts_at FROM waitlist_freed_slot WHERE seq = $1 FOR UPDATE SKIP LOCKED`, [seq])) as FreedSlotRow[];
      if (!slot) return false;
      await manager.query(`DELETE FROM waitlist_freed_slot WHERE seq = $1`, [seq]);
      const [location] = (await manager.query(`SELECT time_zone, waitlist_hold_minutes FROM location WHERE id = $1`, [slot.location_id])) as { time_zone: string; waitlist_hold_minutes: number }[];
      const expiresAt = location && offerExpiresAt(now, slot.starts_at, location.waitlist_hold_minutes);
      if (!location || !expiresAt) return false;

      const freed: FreedSlot = { therapistId: slot.therapist_id, start: slot.starts_at };
      const candidates = waitlistCandidates(await this.waitingEntries(manager, slot.location_id), freed, location.time_zone, await this.offeredBefore(manager, freed)).slice(0, MAX_CANDIDATES);
      if (candidates.length === 0) return false;
      await lockBookingKeys(manager, [`therapist:${freed.therapistId}`, ...candidates.map((c) => `client:${c.clientId}`)]);
      // Entries may have been offered another slot or left while this transaction waited for the locks.
      const stillWaiting = new Set(
        ((await manager.query(`SELECT id FROM waitlist_entry WHERE id = ANY($1) AND status = 'waiting' FOR UPDATE`, [candidates.map((c) => c.id)])) as { id: string }[]).map((r) => r.id),
      );
      const contexts = new Map<string, { request: BookingRequest; context: BookingContext | undefined }>();
      for (const entry of candidates.filter((c) => stillWaiting.has(c.id))) {
        const request = requestFor(entry, freed);
        contexts.set(entry.id, { request, context: await contextOrNone(manager, slot.location_id, request) });
      }
      const chosen = firstBookableCandidate(
        candidates.filter((c) => contexts.has(c.id)),
        (entry): BookingDecision => {
          const loaded = contexts.get(entry.id);
          return loaded?.context ? checkBooking(loaded.request, loaded.context) : { ok: false, refusals: [] };
        },
      );
      if (!chosen || !chosen.decision.ok) return false;
      await this.hold(manager, slot.location_id, chosen.entry, { ...chosen.decision, request: requestFor(chosen.entry, freed) }, now, expiresAt);
      return true;
    });
  }

  private async waitingEntries(manager: EntityManager, locationId: string): Promise<WaitlistEntry[]> {
    const rows = (await manager.query(
      `SELECT id, location_id, client_id, service_id, therapist_id, first_day::text, last_day::text, preferred_times, techniques, focus_regions, pressure, status, requested_at, appointment_id
       FROM waitlist_entry WHERE location_id = $1 AND status = 'waiting' ORDER BY requested_at, id`,
      [locationId],
    )) as WaitlistEntryRow[];
    return rows.map(toWaitlistEntry);
  }

  private async offeredBefore(manager: EntityManager, slot: FreedSlot): Promise<(entryId: string) => boolean> {
    const rows = (await manager.query(`SELECT entry_id FROM waitlist_offer WHERE therapist_id = $1 AND starts_at = $2`, [slot.therapistId, slot.start])) as { entry_id: string }[];
    const ids = new Set(rows.map((r) => r.entry_id));
    return (entryId) => ids.has(entryId);
  }

  /** The hold: a `held` appointment row (the offer's id) under the exclusion constraints, the offer, the entry offered, WaitlistSlotOffered and the audit row. */
  private async hold(
    manager: EntityManager,
    locationId: string,
    entry: WaitlistEntry,
    decision: Extract<BookingDecision, { ok: true }> & { request: BookingRequest },
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    const id = randomUUID();
    const { request, span, roomId } = decision;
    await manager.query(
      `INSERT INTO appointment (id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, status, booked_at, booked_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'held', $13, $14, $13)`,
      [id, locationId, request.clientId, request.therapistId, roomId, request.serviceId, span.start, span.end, span.blockedUntil, request.techniques, request.focusRegions, request.pressure, now, SCHEDULING_SERVICE_ACTOR.subject],
    );
    await manager.query(
      `INSERT INTO waitlist_offer (id, entry_id, location_id, client_id, service_id, therapist_id, room_id, starts_at, ends_at, offered_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, entry.id, locationId, request.clientId, request.serviceId, request.therapistId, roomId, span.start, span.end, now, expiresAt],
    );
    await manager.query(`UPDATE waitlist_entry SET status = 'offered', updated_at = $2 WHERE id = $1`, [entry.id, now]);
    const correlationId = randomUUID();
    await this.outbox.enqueue(
      manager,
      WaitlistSlotOffered,
      {
        waitlistEntryId: entry.id,
        offerId: id,
        locationId,
        clientId: request.clientId,
        serviceId: request.serviceId,
        therapistId: request.therapistId,
        roomId,
        startsAt: span.start.toISOString(),
        endsAt: span.end.toISOString(),
        offeredAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      },
      { correlationId },
    );
    await this.audit.record(manager, {
      actor: SCHEDULING_SERVICE_ACTOR,
      action: 'write',
      operation: 'waitlist.offer',
      resourceType: 'waitlist-entry',
      resourceId: entry.id,
      clientId: request.clientId,
      locationId,
      outcome: 'allowed',
      correlationId,
    });
    this.logger.log(JSON.stringify({ event: 'waitlist.offered', waitlistEntryId: entry.id, offerId: id, expiresAt: expiresAt.toISOString() }));
  }
}

/**
 * The booking context of a candidate, or undefined when the booking could not even be asked for (a 400 or 404,
 * ValidationProblem included:
 * the service or therapist left the location, the client is another location's): that entry is not offered.
 */
async function contextOrNone(manager: EntityManager, locationId: string, request: BookingRequest): Promise<BookingContext | undefined> {
  try {
    return (await loadBookingContext(manager, locationId, request)).context;
  } catch (error: unknown) {
    if (error instanceof HttpException) return undefined;
    throw error;
  }
}

/** The booking an entry would make in a freed slot: its client, service and plan, the slot's therapist and start, any suitable room. */
function requestFor(entry: WaitlistEntry, slot: FreedSlot): BookingRequest {
  return { clientId: entry.clientId, therapistId: slot.therapistId, serviceId: entry.serviceId, start: slot.start, ...entry.plan };
}
