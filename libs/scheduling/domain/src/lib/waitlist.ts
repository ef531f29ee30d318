import type { LocalWindow } from './calendar.types';
import type { TreatmentPlan } from './eligibility.types';
import { compareIds } from './intervals';
import { datesBetween, minuteOfDay, toLocal, type LocalDate } from './local-time';
import type { RuleViolation } from './refusal';

const MINUTE_MS = 60_000;

/** The waitlist's rules, written once: the API's DTOs and the service read them from here. */
export const WAITLIST_LIMITS = {
  /** How long an offer holds its slot (a location may set its own; the slot's start always ends it). */
  holdMinutes: { min: 5, max: 1440, default: 120 },
  /** A waitlist window spans at most this many local days. */
  maxWindowDays: 92,
  /** Preferred local time windows of one entry. */
  maxPreferredTimes: 4,
} as const;

export const WAITLIST_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'left'] as const;
export type WaitlistEntryStatus = (typeof WAITLIST_ENTRY_STATUSES)[number];

/** How an offer ended (or `open` while it holds its slot). */
export const WAITLIST_OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type WaitlistOfferStatus = (typeof WAITLIST_OFFER_STATUSES)[number];

/** A client waiting for a service at a location, in a window of local dates, perhaps with one therapist and at preferred local times. */
export interface WaitlistEntry {
  id: string;
  clientId: string;
  serviceId: string;
  /** Only this therapist; absent = any therapist of the location. */
  therapistId?: string;
  /** First and last local date (both included) the client can come. */
  from: LocalDate;
  to: LocalDate;
  /** Local windows the appointment must start in; empty = any time the location is open. */
  preferredTimes: LocalWindow[];
  /** First come, first served: the order of offers. */
  requestedAt: Date;
  status: WaitlistEntryStatus;
  /** What would be booked: every booking check runs on it before an offer. */
  plan: TreatmentPlan;
}

/** A slot that became free: a booked appointment was cancelled or moved away. The therapist and start it had. */
export interface FreedSlot {
  therapistId: string;
  start: Date;
}

/** Why an entry is not offered a freed slot before any booking check runs. */
export type WaitlistMismatch = 'not-waiting' | 'other-therapist' | 'outside-window' | 'outside-preferred-times' | 'offered-before';

/** Whether a local start time (`HH:mm`) falls in one of the windows `[from, to)`; no windows = any time. */
export function inPreferredTimes(localTime: string, windows: readonly LocalWindow[]): boolean {
  if (windows.length === 0) return true;
  const m = minuteOfDay(localTime);
  return windows.some((w) => minuteOfDay(w.from) <= m && m < minuteOfDay(w.to));
}

/**
 * Why `entry` cannot be offered `slot`, or undefined when it may be (the booking checks still decide): it must be
 * waiting (one open offer per entry), name the slot's therapist or none, want the slot's local date and start
 * time at the location, and not have been offered this very slot before (declined or let expire).
 */
export function waitlistMismatch(entry: WaitlistEntry, slot: FreedSlot, timeZone: string, offeredBefore: boolean): WaitlistMismatch | undefined {
  if (entry.status !== 'waiting') return 'not-waiting';
  if (entry.therapistId !== undefined && entry.therapistId !== slot.therapistId) return 'other-therapist';
  const local = toLocal(slot.start, timeZone);
  if (local.date < entry.from || local.date > entry.to) return 'outside-window';
  if (!inPreferredTimes(local.time, entry.preferredTimes)) return 'outside-preferred-times';
  if (offeredBefore) return 'offered-before';
  return undefined;
}

/** First come, first served: by request instant, then by id (a stable order for entries made at the same instant). */
export function compareWaitlistOrder(a: Pick<WaitlistEntry, 'requestedAt' | 'id'>, b: Pick<WaitlistEntry, 'requestedAt' | 'id'>): number {
  return a.requestedAt.getTime() - b.requestedAt.getTime() || compareIds(a.id, b.id);
}

/**
 * The entries that may be offered a freed slot, in the order they are asked: waiting entries the slot suits
 * (`waitlistMismatch`), first come first served. `offeredBefore(entryId)` says whether the entry already had
 * an offer of this slot.
 */
export function waitlistCandidates(entries: readonly WaitlistEntry[], slot: FreedSlot, timeZone: string, offeredBefore: (entryId: string) => boolean): WaitlistEntry[] {
  return entries.filter((e) => waitlistMismatch(e, slot, timeZone, offeredBefore(e.id)) === undefined).sort(compareWaitlistOrder);
}

/**
 * Who gets the offer: the first candidate (in order) whose booking check passes, with the check's result;
 * undefined when none passes. `check` is the booking check of the candidate's plan in the slot (eligibility,
 * licence, certifications, hours, free therapist, room and client): an unsafe or unsuitable slot is never offered.
 */
export function firstBookableCandidate<D extends { ok: boolean }>(candidates: readonly WaitlistEntry[], check: (entry: WaitlistEntry) => D): { entry: WaitlistEntry; decision: D } | undefined {
  for (const entry of candidates) {
    const decision = check(entry);
    if (decision.ok) return { entry, decision };
  }
  return undefined;
}

/**
 * When an offer made at `now` for a slot starting at `start` stops holding it: after the location's hold, and
 * never after the start (nobody accepts a slot that has begun). Undefined when the slot has begun: no offer.
 */
export function offerExpiresAt(now: Date, start: Date, holdMinutes: number): Date | undefined {
  if (start.getTime() <= now.getTime()) return undefined;
  return new Date(Math.min(now.getTime() + holdMinutes * MINUTE_MS, start.getTime()));
}

/** An open offer stops holding its slot at its expiry instant: from then on it cannot be accepted and the next client is asked. */
export function isOfferExpired(offer: { expiresAt: Date }, now: Date): boolean {
  return offer.expiresAt.getTime() <= now.getTime();
}

/** Input rules of joining the waitlist (bad input → problem+json naming the field). */
export function validateWaitlistWindow(request: { from: LocalDate; to: LocalDate; preferredTimes: readonly LocalWindow[] }, today: LocalDate): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (request.to < request.from) v.push({ field: 'to', reason: 'must not be before from' });
  else if (datesBetween(request.from, request.to).length > WAITLIST_LIMITS.maxWindowDays) v.push({ field: 'to', reason: `at most ${WAITLIST_LIMITS.maxWindowDays} days from from` });
  if (request.to < today) v.push({ field: 'to', reason: 'must not be in the past' });
  request.preferredTimes.forEach((w, i) => {
    if (minuteOfDay(w.from) >= minuteOfDay(w.to)) v.push({ field: `preferredTimes.${i}.to`, reason: 'must be after from' });
  });
  return v;
}
